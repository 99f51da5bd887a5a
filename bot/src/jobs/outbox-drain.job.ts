import type { Schedule } from './job';

/**
 * The bot's own loop: claim, send, acknowledge. Idempotent by construction: a message is
 * sent only under a lease this process won, and a key sent but not acknowledged is not resent.
 */
export function outboxDrainJob(everySeconds: number): Schedule {
  return {
    name: 'outbox.drain',
    when: { everySeconds },
    run: ({ deliverer }) => deliverer.drain(),
  };
}
