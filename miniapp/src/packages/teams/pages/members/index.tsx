/**
 * 成员 (`?id=`), for the team's admins (T-7): the members with their role, 设为管理员 /
 * 取消管理员, 移除 (recorded hours stay), 重置密码 for a member who lost their account (V-9,
 * shown once), and the invitation box (T-6): by volunteer number, or by document type and number.
 */
import { useCallback, useRef, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, type DocumentType, type MemberDto } from '@zhiyuan/shared';
import FormAlert from '@/components/FormAlert';
import LoadMore from '@/components/LoadMore';
import PageState from '@/components/PageState';
import { usePagedList } from '@/hooks/usePagedList';
import { fetchMe } from '@/services/accounts';
import { isApiError } from '@/services/request';
import {
  inviteVolunteer,
  listMembers,
  removeMember,
  resetMemberPassword,
  setMemberRole,
  type InvitationInput,
} from '@/services/teams';
import { isSignedIn } from '@/services/token';
import { flag } from '@/utils/attrs';
import { formatDateTime } from '@/utils/format';
import { MEMBER_ROLE_LABELS } from '../../lib/labels';
import TeamState from '../../lib/TeamState';
import { useTeam } from '../../lib/useTeam';

import '../../lib/teams.scss';
import './index.scss';

type Busy = { accountId: string; action: 'promote' | 'demote' | 'remove' | 'reset' } | null;

function nameOf(m: MemberDto): string {
  return m.realName ?? m.username;
}

function InviteBox({ teamId, disabled }: { teamId: string; disabled: boolean }) {
  const [byDocument, setByDocument] = useState(false);
  const [number, setNumber] = useState('');
  const [documentType, setDocumentType] = useState<DocumentType>('resident_id');
  const [documentNumber, setDocumentNumber] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string; hint?: string } | null>(null);

  const invite = async () => {
    if (sending) return;
    const input: InvitationInput | null = byDocument
      ? documentNumber.trim()
        ? { documentType, documentNumber: documentNumber.trim() }
        : null
      : number.trim()
        ? { volunteerNumber: number.trim() }
        : null;
    if (!input) {
      setResult({ ok: false, message: byDocument ? '请填写证件号码' : '请填写志愿者编号' });
      return;
    }
    setSending(true);
    setResult(null);
    try {
      const invitation = await inviteVolunteer(teamId, input);
      const who = invitation.realName ?? invitation.username;
      setResult({ ok: true, message: `已邀请${who ? `「${who}」` : '该志愿者'}，对方在“我的团队”中接受后即成为成员` });
      setNumber('');
      setDocumentNumber('');
    } catch (e) {
      setResult(
        isApiError(e)
          ? { ok: false, message: e.message, hint: e.hint }
          : { ok: false, message: '邀请失败，请稍后再试' },
      );
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="team-section" id="invite">
      <Text className="team-section__title">邀请志愿者加入</Text>
      {byDocument ? (
        <>
          <Picker
            mode="selector"
            range={DOCUMENT_TYPES.map((t) => DOCUMENT_TYPE_LABELS[t])}
            value={DOCUMENT_TYPES.indexOf(documentType)}
            disabled={flag(disabled || sending)}
            onChange={(e) => setDocumentType(DOCUMENT_TYPES[Number(e.detail.value)] ?? 'resident_id')}
            data-label="证件类型"
          >
            <View id="invite-documentType" className="members-invite__select">
              {DOCUMENT_TYPE_LABELS[documentType]} ▾
            </View>
          </Picker>
          <Input
            id="invite-documentNumber"
            className="team-input members-invite__input"
            value={documentNumber}
            placeholder="证件号码"
            maxlength={32}
            disabled={flag(disabled || sending)}
            onInput={(e) => setDocumentNumber(e.detail.value)}
          />
        </>
      ) : (
        <Input
          id="invite-number"
          className="team-input members-invite__input"
          value={number}
          placeholder="志愿者编号"
          maxlength={32}
          disabled={flag(disabled || sending)}
          onInput={(e) => setNumber(e.detail.value)}
        />
      )}
      <Text
        id="invite-by-document"
        className="members-invite__switch"
        onClick={() => {
          setByDocument((b) => !b);
          setResult(null);
        }}
      >
        {byDocument ? '按志愿者编号邀请' : '没有志愿者编号？按证件号码邀请'}
      </Text>
      <Button
        id="invite-submit"
        className="btn btn-primary"
        loading={flag(sending)}
        disabled={flag(disabled || sending)}
        onClick={() => void invite()}
      >
        发送邀请
      </Button>
      {result && (
        <Text
          id="invite-result"
          className={`team-note${result.ok ? ' team-note--ok' : ' team-note--warn'}`}
          data-ok={result.ok ? 'true' : 'false'}
        >
          {result.message}
        </Text>
      )}
      {result?.hint && <Text className="team-note">{result.hint}</Text>}
      <Text className="team-note">
        曾在其他地方注册过的志愿者忘记账号时，可先邀请其加入本团体，再在成员列表中为其重置密码。
      </Text>
    </View>
  );
}

export default function TeamMembers() {
  const id = useRouter().params?.id ?? '';
  const team = useTeam(id, { admin: true });
  const [text, setText] = useState('');
  const query = useRef('');
  const fetchPage = useCallback((page: number) => listMembers(id, page, query.current), [id]);
  const list = usePagedList(fetchPage);
  const [myId, setMyId] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [actionError, setActionError] = useState<{ message: string; hint?: string } | null>(null);
  const [password, setPassword] = useState<{ name: string; password: string } | null>(null);

  useDidShow(() => {
    void team.reload();
    void list.reload();
    if (isSignedIn()) {
      fetchMe()
        .then((me) => setMyId(me.id))
        .catch(() => setMyId(null));
    }
  });

  if (team.status !== 'ready' || !team.team) {
    return (
      <View className="team-page">
        <TeamState status={team.status} error={team.error} onRetry={() => void team.reload()} />
      </View>
    );
  }
  const t = team.team;

  const run = async (
    member: MemberDto,
    action: NonNullable<Busy>['action'],
    call: () => Promise<void>,
    done: string,
  ) => {
    if (busy) return;
    setBusy({ accountId: member.accountId, action });
    setActionError(null);
    try {
      await call();
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (e) {
      setActionError(isApiError(e) ? { message: e.message, hint: e.hint } : { message: '操作失败，请稍后再试' });
    } finally {
      setBusy(null);
    }
  };

  const confirm = async (title: string, content: string) => (await Taro.showModal({ title, content })).confirm;
  const same = (m: MemberDto) => (x: MemberDto) => x.accountId === m.accountId;

  const setRole = async (m: MemberDto, role: 'admin' | 'member') => {
    const ok =
      role === 'admin'
        ? await confirm('设为管理员', `「${nameOf(m)}」将可以管理团体设置、成员和加入申请。确定设为管理员？`)
        : await confirm('取消管理员', `确定取消「${nameOf(m)}」的管理员身份？`);
    if (!ok) return;
    await run(
      m,
      role === 'admin' ? 'promote' : 'demote',
      async () => {
        const updated = await setMemberRole(t.id, m.accountId, role);
        list.replace(same(m), updated);
        // the one who gave up their own admin role no longer manages the team
        if (role === 'member' && m.accountId === myId) await team.reload();
      },
      role === 'admin' ? '已设为管理员' : '已取消管理员',
    );
  };

  const remove = async (m: MemberDto) => {
    if (!(await confirm('移除成员', `确定将「${nameOf(m)}」移出本团体？其已记录的志愿服务时间会保留。`))) return;
    await run(
      m,
      'remove',
      async () => {
        await removeMember(t.id, m.accountId);
        list.replace(same(m), null);
      },
      '已移除',
    );
  };

  const reset = async (m: MemberDto) => {
    if (!(await confirm('重置密码', `将为「${nameOf(m)}」生成一个新密码，原密码立即失效。确定重置？`))) return;
    await run(
      m,
      'reset',
      async () => {
        const { password: next } = await resetMemberPassword(t.id, m.accountId);
        setPassword({ name: nameOf(m), password: next });
      },
      '密码已重置',
    );
  };

  const search = () => {
    query.current = text.trim();
    void list.reload();
  };

  let members;
  if (list.status !== 'ready') {
    members = <TeamState status={list.status} error={list.error} onRetry={() => void list.reload()} />;
  } else if (list.items.length === 0) {
    members = <PageState status="empty" title={query.current ? '没有找到该成员' : '暂无成员'} />;
  } else {
    members = (
      <>
        <View id="member-list">
          {list.items.map((m) => {
            const me = m.accountId === myId;
            return (
              <View
                key={m.accountId}
                className="member-item team-card"
                data-account-id={m.accountId}
                data-role={m.role}
              >
                <View className="team-card__main">
                  <Text className="team-card__name">
                    {nameOf(m)}
                    {me ? '（我）' : ''}
                    <Text className={`team-badge${m.role === 'admin' ? ' team-badge--approved' : ''}`}>
                      {MEMBER_ROLE_LABELS[m.role]}
                    </Text>
                  </Text>
                  <Text className="team-card__meta">
                    用户名 {m.username}
                    {m.volunteerNumber ? ` · 编号 ${m.volunteerNumber}` : ''}
                  </Text>
                  <Text className="team-card__meta">加入时间 {formatDateTime(m.joinedAt)}</Text>
                  <View className="team-card__buttons">
                    {/* one element for both roles: swapping two buttons while one shows its loading
                        state trips Taro's H5 button (insertBefore on a removed node) */}
                    <Button
                      key="role"
                      id={m.role === 'member' ? `promote-${m.accountId}` : `demote-${m.accountId}`}
                      className="btn btn-plain team-card__button"
                      disabled={flag(busy !== null)}
                      onClick={() => void setRole(m, m.role === 'member' ? 'admin' : 'member')}
                    >
                      {m.role === 'member' ? '设为管理员' : '取消管理员'}
                    </Button>
                    {m.role === 'member' && !me && (
                      <Button
                        id={`reset-${m.accountId}`}
                        className="btn btn-plain team-card__button"
                        disabled={flag(busy !== null)}
                        onClick={() => void reset(m)}
                      >
                        重置密码
                      </Button>
                    )}
                    {!me && (
                      <Button
                        id={`remove-${m.accountId}`}
                        className="btn btn-plain team-card__button"
                        disabled={flag(busy !== null)}
                        onClick={() => void remove(m)}
                      >
                        移除
                      </Button>
                    )}
                  </View>
                </View>
              </View>
            );
          })}
        </View>
        <LoadMore
          hasMore={list.hasMore}
          loading={list.loadingMore}
          error={list.moreError}
          onMore={() => void list.loadMore()}
        />
      </>
    );
  }

  return (
    <View className="team-page">
      <Text className="team-page__summary">
        {t.name} · 共 {list.status === 'ready' ? list.total : t.memberCount} 名成员
      </Text>
      {actionError && <FormAlert message={actionError.message} hint={actionError.hint} />}
      {password && (
        <View className="team-section members-password" id="password-panel">
          <Text className="team-row__label">「{password.name}」的新密码</Text>
          <Text id="new-password" className="members-password__value" userSelect>
            {password.password}
          </Text>
          <Button
            id="copy-password"
            className="btn btn-primary"
            onClick={() => void Taro.setClipboardData({ data: password.password })}
          >
            复制密码
          </Button>
          <Text className="team-note">
            新密码只显示这一次，离开本页后无法再次查看。请告知志愿者本人，登录后尽快修改密码并更新个人信息。
          </Text>
        </View>
      )}

      {t.status === 'approved' ? (
        <InviteBox teamId={t.id} disabled={busy !== null} />
      ) : (
        <Text className="team-note">志愿团体审核通过后才能邀请志愿者加入。</Text>
      )}

      <View className="members-search">
        <Input
          id="member-search"
          className="team-input"
          value={text}
          placeholder="按姓名、用户名或志愿者编号查找"
          maxlength={50}
          confirmType="search"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={search}
        />
        <Button id="member-search-submit" className="btn btn-plain members-search__button" onClick={search}>
          查找
        </Button>
      </View>

      {members}
    </View>
  );
}
