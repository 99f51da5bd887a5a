import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import schedule from 'node-schedule';
import { loadConfig, type Config } from '@zhiyuan/config';
import { createBffClient, type BffClient } from './bff-client';
import { createChannels, type Channels } from './channels';
import { Deliverer } from './deliver';
import { bffJob } from './jobs/bff.job';
import type { JobContext, Schedule } from './jobs/job';
import { outboxDrainJob } from './jobs/outbox-drain.job';
import { createLogger, type Logger } from './logger';
import { redactText } from './redact';

/**
 * Every schedule of the bot, in one place. A new scheduled use case of the bff is one line
 * here: `bffJob('<name in bff/src/internal/jobs.ts>', '<cron>')`. Cron rules are in
 * `config.timeZone`; a job listed in BOT_DISABLED_JOBS is not scheduled by this bot.
 */
export function botSchedules(config: Config): Schedule[] {
  return [
    outboxDrainJob(config.bot.pollSeconds),
    bffJob('outbox.purge', '30 3 * * *'), // daily at 03:30
    bffJob('system.heartbeat', '* * * * *'), // every minute
    bffJob('teams.review-digest', '0 9 * * *'), // daily at 09:00; the bff skips days off (T-5)
  ];
}

export interface BotDeps {
  logger?: Logger;
  bff?: BffClient;
  channels?: Channels;
  owner?: string;
  /** replaces `botSchedules(config)` */
  schedules?: Schedule[];
  /** how long `stop()` waits for work in flight */
  stopTimeoutMs?: number;
}

export interface Bot {
  readonly owner: string;
  readonly deliverer: Deliverer;
  /** the names of the schedules this bot runs (disabled ones left out) */
  readonly jobs: string[];
  /** the next time each cron job fires */
  nextRuns(): Record<string, Date | null>;
  /** cancels the schedules, waits a few seconds for work in flight, closes the channels */
  stop(): Promise<void>;
}

/** `hostname:pid:random`: unique per process, readable in the bff's lease columns. */
export function botOwnerId(): string {
  return `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export function startBot(config: Config, deps: BotDeps = {}): Bot {
  const logger = deps.logger ?? createLogger(config);
  const owner = deps.owner ?? botOwnerId();
  const bff = deps.bff ?? createBffClient({ baseUrl: config.bot.bffUrl, secret: config.secrets.internal });
  const channels = deps.channels ?? createChannels(config);
  const deliverer = new Deliverer({
    bff,
    channels,
    owner,
    batchSize: config.bot.batchSize,
    leaseSeconds: config.bot.leaseSeconds,
    sendTimeoutMs: config.bot.sendTimeoutMs,
    logger,
  });
  const ctx: JobContext = { config, bff, deliverer, owner, logger };
  const stopTimeoutMs = deps.stopTimeoutMs ?? 5000;

  const cronJobs = new Map<string, schedule.Job>();
  const loopTimers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<void>>();
  let stopping: Promise<void> | null = null;

  /** Runs a job unless its previous run in this process is still going; never throws. */
  function run(job: Schedule): Promise<void> {
    const current = inFlight.get(job.name);
    if (current) {
      logger.debug({ job: job.name }, 'previous run still going, skipped');
      return current;
    }
    const started = Date.now();
    const p = (async () => {
      try {
        await job.run(ctx);
        logger.trace({ job: job.name, ms: Date.now() - started }, 'job done');
      } catch (err) {
        logger.warn({ job: job.name, err: redactText((err as Error)?.message ?? String(err)) }, 'job failed');
      }
    })().finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, p);
    return p;
  }

  function loop(job: Schedule, everyMs: number): void {
    const tick = (): void => {
      loopTimers.delete(job.name);
      if (stopping) return;
      void run(job).then(() => {
        if (!stopping) loopTimers.set(job.name, setTimeout(tick, everyMs));
      });
    };
    loopTimers.set(job.name, setTimeout(tick, 0));
  }

  const active: string[] = [];
  for (const job of deps.schedules ?? botSchedules(config)) {
    if (config.bot.disabledJobs.includes(job.name)) {
      logger.info({ job: job.name }, 'job disabled by BOT_DISABLED_JOBS');
      continue;
    }
    active.push(job.name);
    if ('cron' in job.when) {
      const scheduled = schedule.scheduleJob({ rule: job.when.cron, tz: config.timeZone }, () => void run(job));
      if (!scheduled) throw new Error(`job ${job.name}: cron rule "${job.when.cron}" never fires`);
      cronJobs.set(job.name, scheduled);
    } else {
      loop(job, job.when.everySeconds * 1000);
    }
  }
  logger.info({ owner, jobs: active, bffUrl: config.bot.bffUrl }, 'bot started');

  async function stopNow(): Promise<void> {
    for (const job of cronJobs.values()) job.cancel();
    for (const timer of loopTimers.values()) clearTimeout(timer);
    loopTimers.clear();
    const work = Promise.allSettled([deliverer.stop(), ...inFlight.values()]).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), stopTimeoutMs);
    });
    const finished = await Promise.race([work, waited]);
    clearTimeout(timer);
    // unsent messages stay leased until the lease ends; then any bot claims them again
    if (!finished) logger.warn({ jobs: [...inFlight.keys()] }, 'stopped with work still in flight');
    for (const channel of Object.values(channels)) {
      try {
        await channel?.close?.();
      } catch {
        // closing is best effort
      }
    }
    logger.info('bot stopped');
  }

  return {
    owner,
    deliverer,
    jobs: active,
    nextRuns() {
      const out: Record<string, Date | null> = {};
      for (const [name, job] of cronJobs) {
        const next = job.nextInvocation();
        out[name] = next ? new Date(next.getTime()) : null;
      }
      return out;
    },
    stop() {
      stopping ??= stopNow();
      return stopping;
    },
  };
}

function runFromCommandLine(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = createLogger(config);
  const bot = startBot(config, { logger });
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: (err as Error).message }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (require.main === module) runFromCommandLine();
