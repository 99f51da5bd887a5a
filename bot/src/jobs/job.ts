import type { Config } from '@zhiyuan/config';
import type { Logger } from 'pino';
import type { BffClient } from '../bff-client';
import type { Deliverer } from '../deliver';

/** What a job may use; the bot owns no database and no rule, only these. */
export interface JobContext {
  config: Config;
  bff: BffClient;
  deliverer: Deliverer;
  /** this process's id, `hostname:pid:random` */
  owner: string;
  logger: Logger;
}

/** A cron rule (in `config.timeZone`), or a loop that waits `everySeconds` after each run. */
export type When = { cron: string } | { everySeconds: number };

export interface Schedule {
  /** the name in logs and in BOT_DISABLED_JOBS; for bff jobs also the endpoint's name */
  name: string;
  when: When;
  /** must be idempotent: a run can repeat after a crash, and two bots may both fire */
  run(ctx: JobContext): Promise<unknown>;
}
