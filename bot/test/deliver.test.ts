import type { OutboxMessage } from '@zhiyuan/shared';
import { createBffClient } from '../src/bff-client';
import { PermanentDeliveryError, type Channel } from '../src/channels/channel';
import { createWecomChannel } from '../src/channels/wecom';
import { Deliverer, type DelivererOptions } from '../src/deliver';
import { FakeBff } from './fake-bff';
import { captureLogger, message, silentLogger, startReceiver, TEST_SECRET, type HttpReceiver } from './helpers';

/** A channel that records what it was asked to send and does what the test tells it. */
function recordingChannel(
  behaviour: (m: OutboxMessage) => Promise<void> | void = () => undefined,
): Channel & { sent: OutboxMessage[] } {
  const sent: OutboxMessage[] = [];
  return {
    name: 'email',
    sent,
    async send(m) {
      sent.push(m);
      await behaviour(m);
    },
  };
}

let bff: FakeBff;
beforeEach(async () => {
  bff = await FakeBff.start();
});
afterEach(() => bff.close());

function deliverer(channel: Channel, extra: Partial<DelivererOptions> = {}): Deliverer {
  return new Deliverer({
    bff: createBffClient({ baseUrl: bff.url, secret: TEST_SECRET }),
    channels: { [channel.name]: channel },
    owner: 'host:1:abcd',
    batchSize: 10,
    leaseSeconds: 60,
    sendTimeoutMs: 2000,
    logger: silentLogger(),
    ...extra,
  });
}

it('sends each claimed message once and acknowledges it', async () => {
  const channel = recordingChannel();
  bff.add(message({ id: 'a' }), message({ id: 'b' }), message({ id: 'c' }));
  const result = await deliverer(channel).drain();
  expect(result).toMatchObject({ claimed: 3, sent: 3, acked: 3, failed: 0 });
  expect(channel.sent.map((m) => m.id).sort()).toEqual(['a', 'b', 'c']);
  expect([...bff.rows.values()].every((r) => r.status === 'sent')).toBe(true);
  expect(bff.calls.filter((c) => c.path.endsWith('/ack')).map((c) => c.body)).toEqual(
    Array(3).fill({ owner: 'host:1:abcd' }),
  );
  // nothing left: the next drain claims nothing and sends nothing
  await deliverer(channel).drain();
  expect(channel.sent).toHaveLength(3);
});

it('keeps claiming while batches come back full', async () => {
  const channel = recordingChannel();
  for (let i = 0; i < 5; i++) bff.add(message({ id: `m-${i}` }));
  const result = await deliverer(channel, { batchSize: 2 }).drain();
  expect(result).toMatchObject({ batches: 3, claimed: 5, sent: 5, acked: 5 });
  expect(bff.count('/claim')).toBe(3);
});

it('a failing channel reports the error to fail, for a retry', async () => {
  const channel = recordingChannel(() => {
    throw new Error('421 service not available');
  });
  bff.add(message({ id: 'a' }));
  const result = await deliverer(channel).drain();
  expect(result).toMatchObject({ sent: 0, failed: 1, acked: 0 });
  expect(bff.calls.find((c) => c.path === '/internal/outbox/a/fail')!.body).toEqual({
    owner: 'host:1:abcd',
    error: '421 service not available',
  });
  expect(bff.row('a')).toMatchObject({ status: 'pending', attempts: 1, permanent: false });
  expect(bff.count('/ack')).toBe(0);
});

it('a permanent error is reported as permanent', async () => {
  const channel = recordingChannel(() => {
    throw new PermanentDeliveryError('wechat subscribe/send: error 43101 user refuse to accept the msg');
  });
  bff.add(message({ id: 'a' }));
  await deliverer(channel).drain();
  expect(bff.calls.find((c) => c.path === '/internal/outbox/a/fail')!.body).toEqual({
    owner: 'host:1:abcd',
    error: 'wechat subscribe/send: error 43101 user refuse to accept the msg',
    permanent: true,
  });
  expect(bff.row('a')).toMatchObject({ status: 'failed', permanent: true });
});

it('a message for a channel without adapter fails permanently', async () => {
  bff.add(message({ id: 'a', channel: 'feishu', recipient: 'http://127.0.0.1:1/hook' }));
  await deliverer(recordingChannel()).drain();
  expect(bff.row('a')).toMatchObject({ status: 'failed', permanent: true, lastError: 'no channel adapter for feishu' });
});

it('a send that does not answer in time is abandoned and reported', async () => {
  const channel = recordingChannel(() => new Promise<void>(() => undefined));
  bff.add(message({ id: 'a' }));
  const started = Date.now();
  const result = await deliverer(channel, { sendTimeoutMs: 100 }).drain();
  expect(Date.now() - started).toBeLessThan(2000);
  expect(result).toMatchObject({ failed: 1 });
  expect(bff.row('a')).toMatchObject({
    status: 'pending',
    permanent: false,
    lastError: 'email: no answer within 100 ms',
  });
});

it('after a failed ack, a later claim of the same key is acknowledged without sending again', async () => {
  const channel = recordingChannel();
  bff.add(message({ id: 'a' }));
  bff.failAcks = 1;
  const d = deliverer(channel);
  const first = await d.drain();
  expect(first).toMatchObject({ sent: 1, acked: 0 });
  expect(bff.row('a').status).toBe('pending');

  bff.expireLeases(); // the lease ran out: the bff hands the message out again
  const second = await d.drain();
  expect(second).toMatchObject({ claimed: 1, sent: 0, acked: 1 });
  expect(channel.sent).toHaveLength(1);
  expect(bff.row('a').status).toBe('sent');
});

it('a lost lease at ack time (409) is logged, not thrown', async () => {
  const { logger, lines } = captureLogger();
  const channel = recordingChannel(() => {
    bff.expireLeases();
    bff.row('a').leaseOwner = 'another-bot';
  });
  bff.add(message({ id: 'a' }));
  const result = await deliverer(channel, { logger }).drain();
  expect(result).toMatchObject({ sent: 1, acked: 0 });
  expect(lines()).toContain('lease lost before the ack');
  expect(lines()).toContain('OUTBOX.NOT_LEASED');
});

it('two drains started together in one process send each message once', async () => {
  const channel = recordingChannel();
  for (let i = 0; i < 6; i++) bff.add(message({ id: `m-${i}` }));
  bff.claimDelayMs = 30;
  const d = deliverer(channel, { batchSize: 4 });
  const [r1, r2] = await Promise.all([d.drain(), d.drain()]);
  expect(r1).toBe(r2);
  expect(channel.sent.map((m) => m.id).sort()).toEqual(['m-0', 'm-1', 'm-2', 'm-3', 'm-4', 'm-5']);
  // one drain: two claims (a full batch, then the rest), not two overlapping series
  expect(bff.count('/claim')).toBe(2);
  expect(d.idle).toBe(true);
});

it('two bot processes share the outbox without sending a message twice', async () => {
  const channel = recordingChannel();
  for (let i = 0; i < 20; i++) bff.add(message({ id: `m-${i}` }));
  const a = deliverer(channel, { owner: 'host:1:aaaa', batchSize: 3 });
  const b = deliverer(channel, { owner: 'host:2:bbbb', batchSize: 3 });
  await Promise.all([a.drain(), b.drain()]);
  const ids = channel.sent.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toHaveLength(20);
});

it('leaves messages for a later claim when the lease would end before a send could time out', async () => {
  let now = 0;
  // each send takes 15 s of the 60 s lease; a send may take up to 20 s
  const channel = recordingChannel(() => {
    now += 15_000;
  });
  for (let i = 0; i < 5; i++) bff.add(message({ id: `m-${i}` }));
  const result = await deliverer(channel, { now: () => now, concurrency: 1, sendTimeoutMs: 20_000 }).drain();
  // sends start at 0, 15 and 30 s (30 s left ≥ 20 s); at 45 s only 15 s remain
  expect(result).toMatchObject({ claimed: 5, sent: 3, acked: 3, skipped: 2 });
  expect(bff.count('/fail')).toBe(0);
});

it('an unreachable bff ends the drain quietly', async () => {
  await bff.close();
  const result = await deliverer(recordingChannel()).drain();
  expect(result).toMatchObject({ batches: 0, claimed: 0 });
  bff = await FakeBff.start(); // for afterEach
});

describe('end to end with a real channel', () => {
  let robot: HttpReceiver;
  beforeEach(async () => {
    robot = await startReceiver(() => ({ body: { errcode: 0, errmsg: 'ok' } }));
  });
  afterEach(() => robot.close());

  it('delivers to a WeCom receiver and never logs the recipient in clear', async () => {
    const { logger, lines } = captureLogger('trace');
    const email = recordingChannel(() => {
      throw new Error('550 5.1.1 <wang.wu@example.com>: Recipient address rejected');
    });
    const hook = `${robot.url}/cgi-bin/webhook/send?key=SECRETKEY123`;
    bff.add(
      message({ id: 'g', channel: 'wecom', recipient: hook, body: '【志愿服务信息系统】新用户 wangwu 已注册。' }),
      message({ id: 'e', recipient: 'wang.wu@example.com' }),
    );
    const d = new Deliverer({
      bff: createBffClient({ baseUrl: bff.url, secret: TEST_SECRET }),
      channels: { wecom: createWecomChannel(), email },
      owner: 'host:1:abcd',
      batchSize: 10,
      leaseSeconds: 60,
      sendTimeoutMs: 2000,
      logger,
    });
    await d.drain();
    expect(robot.requests).toHaveLength(1);
    expect(robot.requests[0]!.json).toEqual({
      msgtype: 'text',
      text: { content: '【志愿服务信息系统】新用户 wangwu 已注册。' },
    });
    expect(bff.row('g').status).toBe('sent');
    const log = lines();
    expect(log).toContain('wa***@example.com');
    expect(log).not.toContain('wang.wu@example.com');
    expect(log).not.toContain('SECRETKEY123');
    // the error reported to the bff is masked the same way
    expect(bff.row('e').lastError).toBe('550 5.1.1 <wa***@example.com>: Recipient address rejected');
  });
});
