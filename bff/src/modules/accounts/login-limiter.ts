import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RetryLaterError } from '../../http/errors';

/**
 * Repeated wrong passwords slow the caller down: after `maxFailures` failures for one user
 * name (from any address) or from one address (for any name), further attempts are refused
 * with 429 until the block ends. Memory by default; one process per limiter store.
 */
export class LoginLimiter {
  private readonly byName: RateLimiterMemory;
  private readonly byIp: RateLimiterMemory;

  constructor(maxFailures: number, blockSeconds: number) {
    this.byName = new RateLimiterMemory({
      keyPrefix: 'login-name',
      points: maxFailures,
      duration: blockSeconds,
      blockDuration: blockSeconds,
    });
    this.byIp = new RateLimiterMemory({
      keyPrefix: 'login-ip',
      points: maxFailures * 4,
      duration: blockSeconds,
      blockDuration: blockSeconds,
    });
  }

  /** Throws 429 when the name or the address is blocked now. */
  async check(username: string, ip: string): Promise<void> {
    const [n, i] = await Promise.all([this.byName.get(username), this.byIp.get(ip)]);
    for (const [res, limiter] of [
      [n, this.byName],
      [i, this.byIp],
    ] as const) {
      if (res && res.consumedPoints >= limiter.points) {
        throw new RetryLaterError('AUTH.TOO_MANY_ATTEMPTS', Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      }
    }
  }

  async failure(username: string, ip: string): Promise<void> {
    await Promise.all([this.byName.consume(username).catch(ignoreBlocked), this.byIp.consume(ip).catch(ignoreBlocked)]);
  }

  async success(username: string): Promise<void> {
    await this.byName.delete(username);
  }
}

function ignoreBlocked(err: unknown): void {
  if (err instanceof RateLimiterRes) return;
  throw err;
}
