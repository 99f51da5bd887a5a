import type { Context } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { DomainError } from '@zhiyuan/shared';

/** JSON bodies only, with a size limit; malformed JSON is a 400 with its own code. */
export function jsonBody(limitKb: number) {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: `${limitKb}kb`,
    jsonStrict: true,
    onError(err: Error, _ctx: Context) {
      const e = err as Error & { status?: number; type?: string };
      if (e.status === 413 || e.type === 'entity.too.large') throw new DomainError('REQUEST.TOO_LARGE');
      if (e.status === 415) throw new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE');
      throw new DomainError('REQUEST.MALFORMED_JSON');
    },
  });
}
