import type { OutboxMessage } from '@zhiyuan/shared';
import { postJson, PermanentDeliveryError, type Channel, type SendOptions } from './channel';

export interface WechatOptions {
  apiBase: string;
  appId: string;
  secret: string;
  /** `formal` (released version), `trial` or `developer`: which version the message opens */
  miniprogramState?: 'formal' | 'trial' | 'developer';
  now?: () => number;
}

/** The token is refreshed this long before WeChat says it expires. */
export const TOKEN_EARLY_REFRESH_MS = 5 * 60_000;
/** 40001 invalid credential, 40014 invalid access_token, 42001 access_token expired */
const TOKEN_REJECTED = [40001, 40014, 42001];
/** -1 system busy, 45009 over the API's daily or per-minute quota */
const RETRYABLE = [-1, 45009];
/** 43101: the user did not subscribe (or used up the one-time subscription) */
export const ERRCODE_NOT_SUBSCRIBED = 43101;

interface CachedToken {
  value: string;
  renewAt: number;
}

class TokenRejected extends Error {}

/**
 * WeChat subscribe messages (订阅消息) of the mini-program. The access token comes from
 * `stable_token` and is cached; one rejected token is refreshed and the send tried again.
 */
export function createWechatChannel(opts: WechatOptions): Channel {
  const now = opts.now ?? Date.now;
  const base = opts.apiBase.replace(/\/$/, '');
  let cached: CachedToken | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(signal: AbortSignal | undefined): Promise<string> {
    const reply = await postJson(
      `${base}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: opts.appId, secret: opts.secret },
      signal,
      'wechat stable_token',
    );
    const { access_token: token, expires_in: expiresIn, errcode, errmsg } = reply.body;
    // a wrong appid or secret is a configuration problem, not the message's: retry after it is fixed
    if (typeof token !== 'string' || !token)
      throw new Error(`wechat stable_token: error ${String(errcode)} ${String(errmsg ?? '')}`.trim());
    const lifetimeMs = (typeof expiresIn === 'number' ? expiresIn : 7200) * 1000;
    cached = { value: token, renewAt: now() + Math.max(lifetimeMs - TOKEN_EARLY_REFRESH_MS, lifetimeMs / 2) };
    return token;
  }

  /** One token request at a time, shared by concurrent sends. */
  function token(signal: AbortSignal | undefined): Promise<string> {
    if (cached && now() < cached.renewAt) return Promise.resolve(cached.value);
    pending ??= fetchToken(signal).finally(() => {
      pending = null;
    });
    return pending;
  }

  async function sendOnce(accessToken: string, payload: unknown, signal: AbortSignal | undefined): Promise<void> {
    const url = `${base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(accessToken)}`;
    const reply = await postJson(url, payload, signal, 'wechat subscribe/send');
    const { errcode, errmsg } = reply.body;
    if (errcode === 0) return;
    if (errcode === undefined) throw new Error('wechat subscribe/send: reply without errcode');
    const text = `wechat subscribe/send: error ${String(errcode)} ${String(errmsg ?? '')}`.trim();
    if (typeof errcode === 'number' && TOKEN_REJECTED.includes(errcode)) throw new TokenRejected(text);
    if (typeof errcode === 'number' && RETRYABLE.includes(errcode)) throw new Error(text);
    // 43101 not subscribed, 40003 bad openid, 40037 bad template, 47003 bad data: the message cannot be sent as is
    throw new PermanentDeliveryError(text);
  }

  return {
    name: 'wechat',
    async send(message: OutboxMessage, options: SendOptions = {}) {
      if (!opts.appId || !opts.secret) throw new Error('wechat: WECHAT_APPID and WECHAT_SECRET are not configured');
      if (!message.wechat?.templateId) throw new PermanentDeliveryError('wechat: message has no template');
      if (!message.recipient) throw new PermanentDeliveryError('wechat: message has no openid');
      const payload = {
        touser: message.recipient,
        template_id: message.wechat.templateId,
        ...(message.wechat.page ? { page: message.wechat.page } : {}),
        miniprogram_state: opts.miniprogramState ?? 'formal',
        lang: 'zh_CN',
        data: message.wechat.data,
      };
      const first = await token(options.signal);
      try {
        await sendOnce(first, payload, options.signal);
      } catch (err) {
        if (!(err instanceof TokenRejected)) throw err;
        if (cached?.value === first) cached = null;
        const fresh = await token(options.signal);
        try {
          await sendOnce(fresh, payload, options.signal);
        } catch (again) {
          if (again instanceof TokenRejected) throw new Error(again.message); // once is enough; the bff retries later
          throw again;
        }
      }
    },
  };
}
