import type { Schedule } from './job';

/**
 * A scheduled use case of the bff (bff/src/internal/jobs.ts). The bot only says when; the bff
 * runs it under a lease row, so when several bots fire at once one runs it and the others get
 * `ran: false`.
 */
export function bffJob(name: string, cron: string): Schedule {
  return {
    name,
    when: { cron },
    async run({ bff, owner, logger }) {
      const reply = await bff.runJob(name, { owner });
      if (reply.ran) logger.info({ job: name, result: reply.result }, 'job ran');
      else logger.debug({ job: name }, 'job held by another bot');
      return reply;
    },
  };
}
