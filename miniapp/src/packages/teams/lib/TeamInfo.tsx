/** What a team states about itself (T-1, T-6, T-8): the team page and the reviewer's page show the same. */
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  JOIN_MODE_LABELS,
  REGISTRATION_STATUS_LABELS,
  TEAM_STATUS_LABELS,
  UNIT_LEVEL_LABELS,
  type TeamDto,
} from '@zhiyuan/shared';
import { formatDateTime } from '@/utils/format';
import { teamRoute } from '@/routes';

function Row(props: { label: string; id: string; value: string; onClick?: () => void; link?: boolean }) {
  return (
    <View className="team-row">
      <Text className="team-row__label">{props.label}</Text>
      <Text
        id={props.id}
        className={`team-row__value${props.link ? ' team-row__value--link' : ''}`}
        onClick={props.onClick}
      >
        {props.value}
      </Text>
    </View>
  );
}

export function TeamStatusBadge({ team }: { team: Pick<TeamDto, 'status'> }) {
  return (
    <Text id="team-status" className={`team-badge team-badge--${team.status}`} data-status={team.status}>
      {TEAM_STATUS_LABELS[team.status]}
    </Text>
  );
}

export default function TeamInfo({ team, linkLiaison = true }: { team: TeamDto; linkLiaison?: boolean }) {
  const liaison = team.liaisonTeam;
  return (
    <>
      <View className="team-section team-head">
        <View className="team-head__title">
          <Text id="team-name" className="team-head__name">
            {team.name}
          </Text>
          <TeamStatusBadge team={team} />
        </View>
        {team.status === 'rejected' && team.rejectReason && (
          <Text className="team-note team-note--warn">
            未通过的原因：<Text id="team-reject-reason">{team.rejectReason}</Text>
          </Text>
        )}
        <Row
          label="登记状态"
          id="team-registration-status"
          value={REGISTRATION_STATUS_LABELS[team.registrationStatus]}
        />
        <Row label="所在地区" id="team-region" value={team.regionName ?? team.regionCode} />
        {team.creditCode && <Row label="统一社会信用代码" id="team-credit-code" value={team.creditCode} />}
        {liaison && (
          <Row
            label="联络团体"
            id="team-liaison"
            value={liaison.name}
            link={linkLiaison}
            onClick={linkLiaison ? () => void Taro.navigateTo({ url: teamRoute(liaison.id) }) : undefined}
          />
        )}
        <Row
          label="所属单位"
          id="team-unit"
          value={team.unit ? `${team.unit.name}（${UNIT_LEVEL_LABELS[team.unit.level]}）` : '未填写'}
        />
        <Row label="成员" id="team-member-count" value={`${team.memberCount} 人`} />
        <Row label="成员加入方式" id="team-join-mode" value={JOIN_MODE_LABELS[team.joinMode]} />
        {team.serviceCategories.length > 0 && (
          <Row label="服务类别" id="team-categories" value={team.serviceCategories.join('、')} />
        )}
        {team.acceptsSubTeams && (
          <Text id="team-liaison-authorized" className="team-note team-note--ok">
            已获所在地区管理员授权，可作为联络团体开展下一级团体注册
          </Text>
        )}
        <Row label="提交时间" id="team-submitted-at" value={formatDateTime(team.submittedAt)} />
      </View>

      {team.description && (
        <View className="team-section">
          <Text className="team-section__title">团体简介</Text>
          <Text id="team-description" className="team-description">
            {team.description}
          </Text>
        </View>
      )}

      <View className="team-section">
        <Text className="team-section__title">联系方式</Text>
        <Row label="联系人" id="team-contact-name" value={team.contactName ?? '—'} />
        <Row label="联系电话" id="team-contact-phone" value={team.contactPhone ?? '—'} />
        <Row label="电子邮箱" id="team-contact-email" value={team.contactEmail ?? '—'} />
        <Row label="地址" id="team-address" value={team.address ?? '—'} />
      </View>
    </>
  );
}
