import type { Context, Next } from 'koa';
import { DomainError, ERRORS, type ErrorBody } from '@zhiyuan/shared';
import type { Logger } from '../logger';

/**
 * The one error boundary: every failure leaves as `{ error: { code, message, details,
 * requestId } }` with the status of its code. Unknown errors become INTERNAL.ERROR and
 * their stack stays in the log.
 */
export function errorBoundary(logger: Logger) {
  return async function errorBoundaryMiddleware(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new DomainError('REQUEST.NOT_FOUND');
    } catch (err) {
      // the client went away mid-download: nothing to answer, nothing to log
      if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' || ctx.req.socket?.destroyed) return;
      const domain = toDomainError(err);
      if (domain.code === 'INTERNAL.ERROR') {
        logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error');
      }
      const body: ErrorBody = {
        error: {
          code: domain.code,
          message: domain.message,
          ...(domain.details ? { details: domain.details } : {}),
          ...(domain.hint ? { hint: domain.hint } : {}),
          requestId: ctx.state.requestId as string,
        },
      };
      ctx.status = domain.status;
      ctx.body = body;
      if (domain.code === 'AUTH.TOO_MANY_ATTEMPTS' || domain.code === 'REQUEST.TOO_MANY') {
        const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retry) ctx.set('Retry-After', String(retry));
      }
    }
  };
}

function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const e = err as { status?: number; type?: string; expose?: boolean };
  // errors raised by koa and its body parser carry an HTTP status
  if (e && typeof e.status === 'number' && e.status < 500) {
    if (e.status === 413 || e.type === 'entity.too.large') return new DomainError('REQUEST.TOO_LARGE');
    if (e.status === 415) return new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    if (e.status === 404) return new DomainError('REQUEST.NOT_FOUND');
    if (e.status === 405) return new DomainError('REQUEST.METHOD_NOT_ALLOWED');
    return new DomainError('REQUEST.INVALID');
  }
  return new DomainError('INTERNAL.ERROR', { message: ERRORS['INTERNAL.ERROR'].message });
}

/** A domain error that also tells the client when to retry. */
export class RetryLaterError extends DomainError {
  constructor(
    code: 'AUTH.TOO_MANY_ATTEMPTS' | 'REQUEST.TOO_MANY',
    readonly retryAfterSeconds: number,
  ) {
    super(code);
  }
}
