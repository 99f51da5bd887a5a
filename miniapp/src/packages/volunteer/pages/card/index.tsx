/**
 * 志愿者卡 (V-8): name, volunteer number, hours, star level and a QR code that a team admin
 * scans to record time (H-2). The code is short-lived, so the page fetches a fresh one every
 * `refreshInSeconds` while it is shown and stops when it is hidden or closed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { VolunteerCardDto } from '@zhiyuan/shared';
import PageState from '@/components/PageState';
import { downloadInBrowser, imageSrcOf, releaseImageSrc } from '@/services/files';
import { isApiError, requestBinary } from '@/services/request';
import { isSignedIn } from '@/services/token';
import { fetchCard, fetchCardSvg } from '@/services/volunteers';
import { flag } from '@/utils/attrs';
import { hoursOf } from '@/utils/format';
import { ROUTES } from '@/routes';

import './index.scss';

type CardState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'error'; error: unknown }
  /** VOLUNTEER.NOT_VERIFIED or NOT_A_VOLUNTEER: the bff's message, and where to go */
  | { status: 'unavailable'; code: string; message: string }
  | { status: 'ready'; card: VolunteerCardDto };

/** Never ask more often than this, whatever the reply says. */
const MIN_REFRESH_SECONDS = 5;
/** After a failed refresh, try again this soon. */
const RETRY_SECONDS = 10;

export default function Card() {
  const [state, setState] = useState<CardState>(() =>
    isSignedIn() ? { status: 'loading' } : { status: 'signed-out' },
  );
  const [secondsLeft, setSecondsLeft] = useState(0);
  const [refreshFailed, setRefreshFailed] = useState(false);
  const [photoSrc, setPhotoSrc] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const shown = useRef(false);
  const loadId = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const tickTimer = useRef<ReturnType<typeof setInterval> | null>(null);
  const photoPath = useRef<string | null>(null);
  const cardShown = useRef(false);

  const stopTimers = () => {
    if (refreshTimer.current) clearTimeout(refreshTimer.current);
    if (tickTimer.current) clearInterval(tickTimer.current);
    refreshTimer.current = null;
    tickTimer.current = null;
  };

  /** The card's photo: a data URL as is; a bff path is fetched with the token. */
  const loadPhoto = useCallback(async (url: string | null) => {
    // the previous blob URL is released by the effect below
    setPhotoSrc(null);
    if (!url) return;
    if (!url.startsWith('/')) {
      setPhotoSrc(url);
      return;
    }
    try {
      const photo = await requestBinary(url);
      setPhotoSrc(imageSrcOf(photo.data, photo.contentType || 'image/jpeg'));
    } catch {
      // the card works without its photo
    }
  }, []);

  const load = useCallback(async () => {
    const id = ++loadId.current;
    stopTimers();
    if (!isSignedIn()) {
      setState({ status: 'signed-out' });
      return;
    }
    let next: number;
    try {
      const card = await fetchCard();
      if (id !== loadId.current || !shown.current) return;
      setState({ status: 'ready', card });
      cardShown.current = true;
      setRefreshFailed(false);
      next = Math.max(MIN_REFRESH_SECONDS, card.refreshInSeconds);
      if (card.photoUrl !== photoPath.current) {
        photoPath.current = card.photoUrl;
        void loadPhoto(card.photoUrl);
      }
    } catch (error) {
      if (id !== loadId.current || !shown.current) return;
      if (isApiError(error) && error.isSignedOut) {
        cardShown.current = false;
        setState({ status: 'signed-out' });
        return;
      }
      if (
        isApiError(error) &&
        (error.code === 'VOLUNTEER.NOT_VERIFIED' || error.code === 'VOLUNTEER.NOT_A_VOLUNTEER')
      ) {
        cardShown.current = false;
        setState({ status: 'unavailable', code: error.code, message: error.message });
        return;
      }
      // a card on screen stays (its code may still be valid for a while); a first load shows the error
      if (!cardShown.current) {
        setState({ status: 'error', error });
        return;
      }
      setRefreshFailed(true);
      next = RETRY_SECONDS;
    }
    const due = Date.now() + next * 1000;
    setSecondsLeft(next);
    refreshTimer.current = setTimeout(() => void load(), next * 1000);
    tickTimer.current = setInterval(() => setSecondsLeft(Math.max(0, Math.ceil((due - Date.now()) / 1000))), 1000);
  }, [loadPhoto]);

  useDidShow(() => {
    shown.current = true;
    void load();
  });

  useDidHide(() => {
    shown.current = false;
    loadId.current++;
    stopTimers();
  });

  useEffect(
    () => () => {
      shown.current = false;
      stopTimers();
    },
    [],
  );

  useEffect(() => () => releaseImageSrc(photoSrc), [photoSrc]);

  const save = async () => {
    if (saving) return;
    if (process.env.TARO_ENV === 'weapp') {
      // an SVG cannot go to the photo album; be plain about it
      await Taro.showModal({
        title: '保存志愿者卡',
        content: '小程序中请截图保存志愿者卡。需要打印时，请在电脑浏览器中登录本系统，在「志愿者卡」页面保存图片。',
        showCancel: false,
      });
      return;
    }
    setSaving(true);
    try {
      const svg = await fetchCardSvg();
      downloadInBrowser(svg.data, svg.contentType || 'image/svg+xml', '志愿者卡.svg');
    } catch (error) {
      void Taro.showToast({ title: isApiError(error) ? error.message : '保存失败，请稍后再试', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  if (state.status === 'unavailable') {
    const notVolunteer = state.code === 'VOLUNTEER.NOT_A_VOLUNTEER';
    return (
      <View className="card-page">
        <PageState status="empty" title={state.message}>
          <View className="card-page__unavailable" data-testid="card-unavailable" data-code={state.code}>
            <Text className="card-page__hint">
              {notVolunteer
                ? '完成志愿者实名注册并通过实名认证后，即可使用电子志愿者卡。'
                : '志愿者实名认证一般需要 3-5 个工作日；未通过时，可在「修改资料」页面上传证件照片，等待管理员人工认证。'}
            </Text>
            <Button
              id={notVolunteer ? 'go-enrol' : 'go-profile'}
              className="btn btn-plain"
              onClick={() => void Taro.navigateTo({ url: notVolunteer ? ROUTES.enrol : ROUTES.profile })}
            >
              {notVolunteer ? '志愿者实名注册' : '查看实名认证'}
            </Button>
          </View>
        </PageState>
      </View>
    );
  }

  if (state.status !== 'ready') {
    return (
      <View className="card-page">
        <PageState
          status={state.status}
          error={state.status === 'error' ? state.error : undefined}
          onRetry={() => void load()}
          description="登录后可出示你的志愿者卡"
        />
      </View>
    );
  }

  const { card } = state;
  return (
    <View className="card-page">
      <View className="vcard" id="volunteer-card">
        <View className="vcard__head">
          <Text className="vcard__title">志愿服务证</Text>
          <Text className="vcard__subtitle">全国实名注册志愿者</Text>
        </View>
        <View className="vcard__body">
          {photoSrc && <Image id="card-photo" className="vcard__photo" src={photoSrc} mode="aspectFill" />}
          <View className="vcard__who">
            <Text id="card-name" className="vcard__name">
              {card.realName}
            </Text>
            <Text className="vcard__label">志愿者编号</Text>
            <Text id="card-number" className="vcard__number">
              {card.volunteerNumber}
            </Text>
          </View>
        </View>
        <View className="vcard__stats">
          <View className="vcard__stat">
            <Text id="card-hours" className="vcard__stat-value">
              {hoursOf(card.totalMinutes)} 小时
            </Text>
            <Text className="vcard__stat-label">累计服务时长</Text>
          </View>
          <View className="vcard__stat">
            <Text id="card-star" className="vcard__stat-value vcard__stars">
              {card.starLevel > 0 ? '★'.repeat(card.starLevel) : '暂无'}
            </Text>
            <Text className="vcard__stat-label">{card.starLevel > 0 ? `${card.starLevel} 星级志愿者` : '星级'}</Text>
          </View>
        </View>
        {card.teams.length > 0 && (
          <View className="vcard__teams" id="card-teams">
            <Text className="vcard__label">所在志愿团体</Text>
            {card.teams.map((t) => (
              <Text key={t.id} className="vcard__team">
                {t.name}
              </Text>
            ))}
          </View>
        )}
        <View className="vcard__qr">
          <Image id="card-qr" className="vcard__qr-image" src={card.qrDataUrl} mode="aspectFit" />
          <Text id="card-countdown" className="vcard__countdown">
            {refreshFailed
              ? `二维码更新失败，${secondsLeft} 秒后重试`
              : `二维码每分钟自动更新（${secondsLeft} 秒后更新）`}
          </Text>
          <Text className="vcard__note">
            签到、签退时向团体管理员出示本页面；截图中的二维码会过期，不能用于记录时长。
          </Text>
        </View>
      </View>

      <View className="card-page__actions">
        <Button
          id="card-save"
          className="btn btn-primary"
          loading={flag(saving)}
          disabled={flag(saving)}
          onClick={() => void save()}
        >
          保存图片
        </Button>
      </View>
    </View>
  );
}
