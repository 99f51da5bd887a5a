import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { OutboxMessage } from '@zhiyuan/shared';
import type { Channel } from '../src/channels/channel';
import { botOwnerId, botSchedules, startBot, type Bot } from '../src/main';
import { FakeBff } from './fake-bff';
import { captureLogger, message, silentLogger, testConfig, waitFor } from './helpers';

let bff: FakeBff;
let config: ReturnType<typeof testConfig>;
let bot: Bot | null = null;

beforeEach(async () => {
  bff = await FakeBff.start();
  config = testConfig({ BFF_URL: bff.url, TIME_ZONE: 'Asia/Shanghai', BOT_POLL_SECONDS: '5' });
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  jest.useRealTimers();
  await bff.close();
  config.cleanup();
});

function recordingChannel(
  behaviour: () => Promise<void> | void = () => undefined,
): Channel & { sent: OutboxMessage[] } {
  const sent: OutboxMessage[] = [];
  return {
    name: 'email',
    sent,
    async send(m) {
      sent.push(m);
      await behaviour();
    },
  };
}

it('lists every schedule in one place: the drain loop and the bff jobs', () => {
  const schedules = botSchedules(config);
  expect(schedules.map((s) => [s.name, s.when])).toEqual([
    ['outbox.drain', { everySeconds: 5 }],
    ['outbox.purge', { cron: '30 3 * * *' }],
    ['system.heartbeat', { cron: '* * * * *' }],
    ['teams.review-digest', { cron: '0 9 * * *' }],
  ]);
});

it('the owner id is hostname:pid:random and differs per call', () => {
  const a = botOwnerId();
  expect(a).toMatch(new RegExp(`^[^:]+:${process.pid}:[0-9a-f]{8}$`));
  expect(botOwnerId()).not.toBe(a);
});

it('drains every pollSeconds and runs the bff jobs on their cron rules in the configured zone', async () => {
  // 03:29:30 in Shanghai: the heartbeat and the purge are both due 30 s later
  jest.useFakeTimers({
    now: new Date('2025-03-01T03:29:30+08:00'),
    doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'performance', 'hrtime'],
  });
  const channel = recordingChannel();
  bff.add(message({ id: 'a' }));
  bot = startBot(config, { logger: silentLogger(), channels: { email: channel } });
  expect(bot.jobs).toEqual(['outbox.drain', 'outbox.purge', 'system.heartbeat', 'teams.review-digest']);
  expect(bot.nextRuns()).toEqual({
    'outbox.purge': new Date('2025-03-01T03:30:00+08:00'),
    'system.heartbeat': new Date('2025-03-01T03:30:00+08:00'),
    'teams.review-digest': new Date('2025-03-01T09:00:00+08:00'),
  });

  // the first drain starts at once
  jest.advanceTimersByTime(0);
  await waitFor(() => bff.row('a').status === 'sent' && bot!.deliverer.idle, 3000, 'first drain');
  await new Promise((r) => setImmediate(r)); // the loop arms its next timer once the drain has ended
  expect(bff.count('/claim')).toBe(1);
  expect(bff.jobRuns).toHaveLength(0);

  // the next one pollSeconds after the last ended
  bff.add(message({ id: 'b' }));
  jest.advanceTimersByTime(4999);
  await new Promise((r) => setImmediate(r));
  expect(bff.count('/claim')).toBe(1);
  jest.advanceTimersByTime(1);
  await waitFor(() => bff.row('b').status === 'sent', 3000, 'second drain');

  // to 03:30:00 (and a moment: the second job due at the same instant gets the fake clock's 1 ms minimum delay)
  jest.advanceTimersByTime(25_000 + 10);
  await waitFor(() => bff.jobRuns.length === 2, 3000, 'jobs at 03:30');
  expect(bff.jobRuns.map((r) => r.name).sort()).toEqual(['outbox.purge', 'system.heartbeat']);
  expect(bff.jobRuns.every((r) => r.owner === bot!.owner)).toBe(true);

  jest.advanceTimersByTime(60_000); // 03:31:00: only the heartbeat
  await waitFor(() => bff.jobRuns.length === 3, 3000, 'heartbeat at 03:31');
  expect(bff.jobRuns[2]!.name).toBe('system.heartbeat');
  expect(bot.nextRuns()['outbox.purge']).toEqual(new Date('2025-03-02T03:30:00+08:00'));

  await bot.stop();
  const calls = bff.calls.length;
  jest.advanceTimersByTime(24 * 3600_000);
  await new Promise((r) => setImmediate(r));
  expect(bff.calls.length).toBe(calls);
  expect(channel.sent.map((m) => m.id)).toEqual(['a', 'b']);
});

it('a job answered with ran:false (another bot holds it) or an error does not stop the bot', async () => {
  jest.useFakeTimers({
    now: new Date('2025-03-01T10:00:30+08:00'),
    doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'performance', 'hrtime'],
  });
  const replies = [
    { body: { ran: false } },
    { status: 500, body: { error: { code: 'SYSTEM.INTERNAL', message: 'x', details: null, requestId: 'r' } } },
  ];
  bff.jobReply = () => replies.shift() ?? { body: { ran: true, result: {} } };
  const { logger, lines } = captureLogger('trace');
  const ended = () => lines().match(/"msg":"job (done|failed)"/g)?.length ?? 0;
  bot = startBot({ ...config, bot: { ...config.bot, disabledJobs: ['outbox.drain'] } }, { logger, channels: {} });
  for (let minute = 1; minute <= 3; minute++) {
    jest.advanceTimersByTime(60_000);
    await waitFor(() => bff.jobRuns.length === minute && ended() === minute, 3000, `heartbeat ${minute}`);
  }
  expect(lines()).toContain('"msg":"job ran"');
  expect(lines()).toContain('job held by another bot');
  expect(lines()).toContain('job failed');
  expect(bff.count('/claim')).toBe(0);
});

it('skips jobs listed in BOT_DISABLED_JOBS', async () => {
  const disabled = testConfig({ BFF_URL: bff.url, BOT_DISABLED_JOBS: 'system.heartbeat, outbox.drain' });
  try {
    bot = startBot(disabled, { logger: silentLogger(), channels: {} });
    expect(bot.jobs).toEqual(['outbox.purge', 'teams.review-digest']);
    expect(Object.keys(bot.nextRuns())).toEqual(['outbox.purge', 'teams.review-digest']);
    await bot.stop();
    expect(bff.calls).toHaveLength(0);
  } finally {
    disabled.cleanup();
  }
});

it('stop waits for the send in flight, then no further claim is made', async () => {
  let release = (): void => undefined;
  const channel = recordingChannel(() => new Promise<void>((resolve) => (release = resolve)));
  bff.add(message({ id: 'a' }), message({ id: 'b' }));
  bot = startBot(
    { ...config, bot: { ...config.bot, batchSize: 1 } },
    { logger: silentLogger(), channels: { email: channel } },
  );
  await waitFor(() => channel.sent.length === 1, 3000, 'first send');

  let stopped = false;
  const stopping = bot.stop().then(() => (stopped = true));
  await new Promise((r) => setImmediate(r));
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(bff.row('a').status).toBe('sent'); // the send in flight was acknowledged
  expect(bff.row('b').status).toBe('pending'); // and nothing new started
  expect(channel.sent).toHaveLength(1);
  expect(bff.count('/claim')).toBe(1);
});

it('stop gives up waiting after its time-out', async () => {
  const channel = recordingChannel(() => new Promise<void>(() => undefined));
  bff.add(message({ id: 'a' }));
  const { logger, lines } = captureLogger();
  bot = startBot(config, { logger, channels: { email: channel }, stopTimeoutMs: 50 });
  await waitFor(() => channel.sent.length === 1, 3000, 'send');
  const started = Date.now();
  await bot.stop();
  expect(Date.now() - started).toBeLessThan(2000);
  expect(lines()).toContain('stopped with work still in flight');
});

describe('run as a program', () => {
  it('starts from the environment, works, and exits 0 on SIGTERM', async () => {
    bff.add(message({ id: 'a', recipient: 'eml@example.com' }));
    const root = join(__dirname, '..', '..');
    const child = spawn(
      process.execPath,
      ['-r', join(__dirname, 'ts-register.cjs'), join(root, 'bot', 'src', 'main.ts')],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          DATA_DIR: config.dataDir,
          JWT_SECRET: 'x',
          INTERNAL_SECRET: config.secrets.internal,
          DATA_KEY: '11'.repeat(32),
          BFF_URL: bff.url,
          SMTP_URL: '',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => bff.row('a').status === 'sent', 15_000, `the program to deliver (output: ${out})`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('bot stopped');
      expect(out).not.toContain('eml@example.com');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
