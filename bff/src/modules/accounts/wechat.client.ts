import { DomainError } from '@zhiyuan/shared';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

/** The part of the WeChat server API the bff uses. Base URL from config (tests use a local stand-in). */
export interface WechatClient {
  code2Session(code: string): Promise<WechatSession>;
}

interface Code2SessionReply {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

export class HttpWechatClient implements WechatClient {
  constructor(
    private readonly apiBase: string,
    private readonly appId: string,
    private readonly secret: string,
    private readonly timeoutMs = 5000,
  ) {}

  async code2Session(code: string): Promise<WechatSession> {
    if (!this.appId || !this.secret) throw new DomainError('AUTH.WECHAT_FAILED', { message: '本服务未配置微信登录' });
    const url = new URL(`${this.apiBase}/sns/jscode2session`);
    url.searchParams.set('appid', this.appId);
    url.searchParams.set('secret', this.secret);
    url.searchParams.set('js_code', code);
    url.searchParams.set('grant_type', 'authorization_code');
    let reply: Code2SessionReply;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      reply = (await res.json()) as Code2SessionReply;
    } catch {
      throw new DomainError('AUTH.WECHAT_FAILED');
    }
    // 40029: invalid code, 40163: code already used
    if (reply.errcode === 40029 || reply.errcode === 40163) throw new DomainError('AUTH.WECHAT_CODE_INVALID');
    if (reply.errcode || !reply.openid) throw new DomainError('AUTH.WECHAT_FAILED');
    // session_key never leaves the server, and is not needed beyond this point
    return { openid: reply.openid, ...(reply.unionid ? { unionid: reply.unionid } : {}) };
  }
}
