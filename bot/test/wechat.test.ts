import { PermanentDeliveryError } from '../src/channels/channel';
import { createWechatChannel, TOKEN_EARLY_REFRESH_MS } from '../src/channels/wechat';
import { failure, message, startReceiver, type HttpReceiver, type RecordedRequest, type Reply } from './helpers';

const APPID = 'wx0123456789abcdef';
const SECRET = 'app-secret';

/** A stand-in for api.weixin.qq.com speaking its documented wire format. */
class WechatStandIn {
  tokensIssued = 0;
  validTokens = new Set<string>();
  /** scripted replies of subscribe/send, before the default success */
  sendReplies: Reply[] = [];
  tokenReply: Reply | null = null;
  sends: RecordedRequest[] = [];
  server!: HttpReceiver;

  async start(): Promise<this> {
    this.server = await startReceiver((req) => this.handle(req));
    return this;
  }

  private handle(req: RecordedRequest): Reply {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      if (this.tokenReply) return this.tokenReply;
      const body = req.json as { grant_type?: string; appid?: string; secret?: string };
      if (body.grant_type !== 'client_credential') return { body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      if (body.appid !== APPID || body.secret !== SECRET)
        return { body: { errcode: 40125, errmsg: 'invalid appsecret' } };
      this.tokensIssued += 1;
      const token = `ACCESS_TOKEN_${this.tokensIssued}`;
      this.validTokens.add(token);
      return { body: { access_token: token, expires_in: 7200 } };
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      this.sends.push(req);
      const scripted = this.sendReplies.shift();
      if (scripted) return scripted;
      if (!this.validTokens.has(url.searchParams.get('access_token') ?? ''))
        return { body: { errcode: 40001, errmsg: 'invalid credential' } };
      return { body: { errcode: 0, errmsg: 'ok', msgid: 1 } };
    }
    return { status: 404, body: {} };
  }
}

let wx: WechatStandIn;
beforeEach(async () => {
  wx = await new WechatStandIn().start();
});
afterEach(() => wx.server.close());

const subscribeMessage = () =>
  message({
    channel: 'wechat',
    recipient: 'oABCD1234openid5678',
    subject: '录用通知',
    body: '您已被录用',
    wechat: {
      templateId: 'TPL-hired',
      page: 'packages/projects/pages/detail/index?id=p1',
      data: { thing1: { value: '社区环境清洁' }, phrase2: { value: '已录用' } },
    },
  });

const channel = (now?: () => number) =>
  createWechatChannel({ apiBase: wx.server.url, appId: APPID, secret: SECRET, ...(now ? { now } : {}) });

it('gets a stable token, then sends the subscribe message in the documented shape', async () => {
  const msg = subscribeMessage();
  await channel().send(msg);
  expect(wx.tokensIssued).toBe(1);
  expect(wx.sends).toHaveLength(1);
  const req = wx.sends[0]!;
  expect(new URL(req.url, 'http://x').searchParams.get('access_token')).toBe('ACCESS_TOKEN_1');
  expect(req.json).toEqual({
    touser: 'oABCD1234openid5678',
    template_id: 'TPL-hired',
    page: 'packages/projects/pages/detail/index?id=p1',
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: { thing1: { value: '社区环境清洁' }, phrase2: { value: '已录用' } },
  });
});

it('caches the token until shortly before it expires', async () => {
  let now = 1_000_000;
  const ch = channel(() => now);
  await ch.send(subscribeMessage());
  await Promise.all([ch.send(subscribeMessage()), ch.send(subscribeMessage())]);
  expect(wx.tokensIssued).toBe(1);
  now += 7200_000 - TOKEN_EARLY_REFRESH_MS - 1;
  await ch.send(subscribeMessage());
  expect(wx.tokensIssued).toBe(1);
  now += 2;
  await ch.send(subscribeMessage());
  expect(wx.tokensIssued).toBe(2);
  expect(new URL(wx.sends.at(-1)!.url, 'http://x').searchParams.get('access_token')).toBe('ACCESS_TOKEN_2');
});

it('42001 (token expired): refreshes the token once and sends again', async () => {
  wx.sendReplies.push({ body: { errcode: 42001, errmsg: 'access_token expired' } });
  await channel().send(subscribeMessage());
  expect(wx.tokensIssued).toBe(2);
  expect(wx.sends).toHaveLength(2);
  expect(new URL(wx.sends[1]!.url, 'http://x').searchParams.get('access_token')).toBe('ACCESS_TOKEN_2');
});

it('a token rejected twice fails for a later retry, not for good', async () => {
  wx.sendReplies.push(
    { body: { errcode: 40001, errmsg: 'invalid credential' } },
    { body: { errcode: 40001, errmsg: 'invalid credential' } },
  );
  const err = await failure(channel().send(subscribeMessage()));
  expect(err).toBeInstanceOf(Error);
  expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  expect(wx.sends).toHaveLength(2);
});

it('43101 (user not subscribed) is permanent', async () => {
  wx.sendReplies.push({ body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } });
  const err = await failure(channel().send(subscribeMessage()));
  expect(err).toBeInstanceOf(PermanentDeliveryError);
  expect(err.message).toMatch(/43101/);
  expect(wx.sends).toHaveLength(1);
});

it('45009 (quota) is worth a retry', async () => {
  wx.sendReplies.push({ body: { errcode: 45009, errmsg: 'reach max api daily quota limit' } });
  const err = await failure(channel().send(subscribeMessage()));
  expect(err).not.toBeInstanceOf(PermanentDeliveryError);
});

it('a wrong secret (stable_token error) is a configuration problem: retry, no send', async () => {
  const err = await failure(
    createWechatChannel({ apiBase: wx.server.url, appId: APPID, secret: 'wrong' }).send(subscribeMessage()),
  );
  expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  expect(err.message).toMatch(/40125/);
  expect(wx.sends).toHaveLength(0);
});

it('a message without a template fails permanently; a bot without AppID fails for a retry', async () => {
  const noTemplate = message({ channel: 'wechat', recipient: 'oX123456789' });
  await expect(channel().send(noTemplate)).rejects.toBeInstanceOf(PermanentDeliveryError);
  const unconfigured = await failure(
    createWechatChannel({ apiBase: wx.server.url, appId: '', secret: '' }).send(subscribeMessage()),
  );
  expect(unconfigured).not.toBeInstanceOf(PermanentDeliveryError);
  expect(wx.server.requests).toHaveLength(0);
});
