import type {
  AckRequest,
  ClaimRequest,
  ClaimResponse,
  FailRequest,
  FailResponse,
  JobRunRequest,
  JobRunResponse,
} from '@zhiyuan/shared';

/** An error reply of the bff (`{ error: { code, message, details, requestId } }`) or a failed request. */
export class BffError extends Error {
  override readonly name = 'BffError';
  constructor(
    message: string,
    /** HTTP status; 0 when no reply came (network error, time-out) */
    readonly status: number,
    /** the domain error code, e.g. `OUTBOX.NOT_LEASED` */
    readonly code: string | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

export interface BffClientOptions {
  baseUrl: string;
  secret: string;
  /** time-out of the outbox calls */
  timeoutMs?: number;
  /** time-out of a job run: the bff answers when the job is done */
  jobTimeoutMs?: number;
}

/** The bff's internal endpoints the bot speaks to (bff/src/internal), guarded by the shared secret. */
export interface BffClient {
  claim(req: ClaimRequest): Promise<ClaimResponse>;
  ack(id: string, req: AckRequest): Promise<void>;
  fail(id: string, req: FailRequest): Promise<FailResponse>;
  runJob(name: string, req: JobRunRequest): Promise<JobRunResponse>;
}

export const DEFAULT_BFF_TIMEOUT_MS = 15_000;
/** the longest job lease of the bff is 10 minutes */
export const DEFAULT_JOB_TIMEOUT_MS = 11 * 60_000;

export function createBffClient(opts: BffClientOptions): BffClient {
  const base = opts.baseUrl.replace(/\/$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_BFF_TIMEOUT_MS;
  const jobTimeoutMs = opts.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;

  async function post<T>(path: string, body: unknown, ms: number): Promise<T | undefined> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-secret': opts.secret },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(ms),
      });
    } catch (err) {
      const e = err as Error;
      const why =
        e.name === 'TimeoutError' ? `timed out after ${ms} ms` : ((e.cause as Error | undefined)?.message ?? e.message);
      throw new BffError(`POST ${path}: ${why}`, 0);
    }
    const text = await res.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: string; message?: string; requestId?: string } } | undefined)?.error;
      throw new BffError(
        `POST ${path}: HTTP ${res.status}${error?.code ? ` ${error.code}` : ''}${error?.message ? ` ${error.message}` : ''}`,
        res.status,
        error?.code ?? null,
        error?.requestId ?? null,
      );
    }
    return json as T | undefined;
  }

  function required<T>(value: T | undefined, path: string): T {
    if (value === undefined) throw new BffError(`POST ${path}: empty reply`, 200);
    return value;
  }

  return {
    async claim(req) {
      const path = '/internal/outbox/claim';
      const reply = required(await post<ClaimResponse>(path, req, timeoutMs), path);
      if (!Array.isArray(reply.messages)) throw new BffError(`POST ${path}: reply without messages`, 200);
      return reply;
    },
    async ack(id, req) {
      await post<void>(`/internal/outbox/${encodeURIComponent(id)}/ack`, req, timeoutMs);
    },
    async fail(id, req) {
      const path = `/internal/outbox/${encodeURIComponent(id)}/fail`;
      return required(await post<FailResponse>(path, req, timeoutMs), path);
    },
    async runJob(name, req) {
      const path = `/internal/jobs/${encodeURIComponent(name)}/run`;
      return required(await post<JobRunResponse>(path, req, jobTimeoutMs), path);
    },
  };
}
