import { createHmac } from 'node:crypto';
import { PermanentDeliveryError } from '../src/channels/channel';
import { createDingtalkChannel } from '../src/channels/dingtalk';
import { createFeishuChannel } from '../src/channels/feishu';
import { createWecomChannel, WECOM_TEXT_MAX_BYTES } from '../src/channels/wecom';
import { failure, message, startReceiver, type HttpReceiver, type Reply } from './helpers';

let receiver: HttpReceiver;
let replies: Reply[] = [];
beforeAll(async () => {
  receiver = await startReceiver(() => replies.shift() ?? { body: { errcode: 0, errmsg: 'ok' } });
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
  replies = [];
});

const groupMessage = (path: string, channel: 'wecom' | 'dingtalk' | 'feishu') =>
  message({
    channel,
    recipient: `${receiver.url}${path}`,
    subject: '新用户注册',
    body: '【志愿服务信息系统】新用户 zhangsan 已注册（北京市东城区）。',
  });

describe('WeCom group robot', () => {
  it('posts a text message to the webhook URL, key included', async () => {
    const msg = groupMessage('/cgi-bin/webhook/send?key=abc-123', 'wecom');
    await createWecomChannel().send(msg);
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/cgi-bin/webhook/send?key=abc-123');
    expect(req.headers['content-type']).toMatch(/application\/json/);
    expect(req.json).toEqual({ msgtype: 'text', text: { content: msg.body } });
  });

  it('cuts a long text to the robot limit on a character boundary', async () => {
    await createWecomChannel().send(
      message({ channel: 'wecom', recipient: `${receiver.url}/w?key=k`, body: '志'.repeat(2000) }),
    );
    const content = (receiver.requests[0]!.json as { text: { content: string } }).text.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_TEXT_MAX_BYTES);
    expect(content.endsWith('…')).toBe(true);
    expect(content.startsWith('志志')).toBe(true);
  });

  it.each([
    [{ body: { errcode: 45009, errmsg: 'api freq out of limit' } }, false],
    [{ body: { errcode: -1, errmsg: 'system busy' } }, false],
    [{ status: 502, body: 'bad gateway' }, false],
    [{ status: 429, body: {} }, false],
    [{ body: 'not json' }, false],
    [{ body: { errcode: 93000, errmsg: 'invalid webhook url' } }, true],
    [{ status: 404, body: {} }, true],
  ] as [Reply, boolean][])('reply %j fails, permanent: %s', async (reply, permanent) => {
    replies.push(reply);
    const err = await failure(createWecomChannel().send(groupMessage('/cgi-bin/webhook/send?key=k', 'wecom')));
    expect(err instanceof PermanentDeliveryError).toBe(permanent);
  });

  it('a recipient that is not a URL fails permanently without a request', async () => {
    const err = await failure(
      createWecomChannel().send(message({ channel: 'wecom', recipient: 'someone@example.com' })),
    );
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('DingTalk robot', () => {
  const secret = 'SEC0123456789abcdef+/=';

  it('signs with timestamp and sign in the query when the robot has a secret', async () => {
    const before = Date.now();
    const msg = groupMessage('/robot/send?access_token=tok', 'dingtalk');
    await createDingtalkChannel({ secret }).send(msg);
    const req = receiver.requests[0]!;
    const url = new URL(req.url, receiver.url);
    expect(url.pathname).toBe('/robot/send');
    expect(url.searchParams.get('access_token')).toBe('tok');
    const timestamp = url.searchParams.get('timestamp')!;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Date.now());
    // the receiver recomputes the signature the way DingTalk documents it
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    // and it travels URL-encoded: no raw '+', '/' or '=' from the base64
    const rawSign = /[?&]sign=([^&]*)/.exec(req.url)![1]!;
    expect(rawSign).not.toMatch(/[+/=]/);
    expect(decodeURIComponent(rawSign)).toBe(expected);
    expect(req.json).toEqual({ msgtype: 'text', text: { content: msg.body } });
  });

  it('sends unsigned when there is no secret', async () => {
    await createDingtalkChannel({ secret: '' }).send(groupMessage('/robot/send?access_token=tok', 'dingtalk'));
    expect(receiver.requests[0]!.url).toBe('/robot/send?access_token=tok');
  });

  it('a rejected signature (310000) is permanent, "too fast" (130101) is not', async () => {
    replies.push(
      { body: { errcode: 310000, errmsg: 'sign not match' } },
      { body: { errcode: 130101, errmsg: 'send too fast' } },
    );
    const channel = createDingtalkChannel({ secret });
    expect(await failure(channel.send(groupMessage('/robot/send?access_token=t', 'dingtalk')))).toBeInstanceOf(
      PermanentDeliveryError,
    );
    const second = await failure(channel.send(groupMessage('/robot/send?access_token=t', 'dingtalk')));
    expect(second).not.toBeInstanceOf(PermanentDeliveryError);
    expect(second.message).toMatch(/130101/);
  });
});

describe('Feishu bot', () => {
  const secret = 'feishu-secret';

  it('puts timestamp (seconds) and sign in the JSON body', async () => {
    replies.push({ body: { code: 0, msg: 'success', data: {} } });
    const msg = groupMessage('/open-apis/bot/v2/hook/0a1b2c3d-4e5f', 'feishu');
    const before = Math.floor(Date.now() / 1000);
    await createFeishuChannel({ secret }).send(msg);
    const req = receiver.requests[0]!;
    expect(req.url).toBe('/open-apis/bot/v2/hook/0a1b2c3d-4e5f');
    const body = req.json as { timestamp: string; sign: string; msg_type: string; content: { text: string } };
    expect(body.msg_type).toBe('text');
    expect(body.content).toEqual({ text: msg.body });
    expect(typeof body.timestamp).toBe('string');
    expect(Number(body.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(body.timestamp)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    const expected = createHmac('sha256', `${body.timestamp}\n${secret}`).update('').digest('base64');
    expect(body.sign).toBe(expected);
  });

  it('accepts the older StatusCode reply', async () => {
    replies.push({ body: { StatusCode: 0, StatusMessage: 'success' } });
    await expect(createFeishuChannel({ secret: '' }).send(groupMessage('/hook/x', 'feishu'))).resolves.toBeUndefined();
    expect(receiver.requests[0]!.json).toEqual({ msg_type: 'text', content: { text: expect.any(String) } });
  });

  it('code != 0 fails: 19021 (sign) permanently, 11232 (rate) for a retry', async () => {
    replies.push(
      { body: { code: 19021, msg: 'sign match fail' } },
      { body: { code: 11232, msg: 'frequency limited' } },
    );
    const channel = createFeishuChannel({ secret });
    expect(await failure(channel.send(groupMessage('/hook/x', 'feishu')))).toBeInstanceOf(PermanentDeliveryError);
    expect(await failure(channel.send(groupMessage('/hook/x', 'feishu')))).not.toBeInstanceOf(PermanentDeliveryError);
  });
});
