import type { ClaimRequest, FailRequest, OutboxMessage } from '@zhiyuan/shared';
import { startReceiver, TEST_SECRET, type HttpReceiver, type RecordedRequest, type Reply } from './helpers';

interface Row {
  message: OutboxMessage;
  status: 'pending' | 'sent' | 'failed';
  leaseOwner: string | null;
  leaseUntil: number;
  nextAttemptAt: number;
  attempts: number;
  lastError: string | null;
  permanent: boolean;
}

const notLeased = (): Reply => ({
  status: 409,
  body: {
    error: { code: 'OUTBOX.NOT_LEASED', message: '消息未被当前机器人领取', details: null, requestId: 'req-409' },
  },
});

/**
 * An in-memory stand-in for the bff's internal endpoints, with the same lease semantics:
 * a claim leases due rows whose lease is free or expired; ack and fail need the lease.
 */
export class FakeBff {
  readonly rows = new Map<string, Row>();
  readonly calls: { path: string; body: unknown }[] = [];
  readonly jobRuns: { name: string; owner: string }[] = [];
  /** the next N acks answer 500 (the bff or the network failing after the send) */
  failAcks = 0;
  /** set to make claims slow */
  claimDelayMs = 0;
  jobReply: (name: string) => Reply = () => ({ body: { ran: true, result: { ok: 1 } } });
  private server!: HttpReceiver;

  static async start(): Promise<FakeBff> {
    const bff = new FakeBff();
    bff.server = await startReceiver((req) => bff.handle(req));
    return bff;
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  add(...messages: OutboxMessage[]): void {
    for (const message of messages) {
      this.rows.set(message.id, {
        message,
        status: 'pending',
        leaseOwner: null,
        leaseUntil: 0,
        nextAttemptAt: 0,
        attempts: message.attempts,
        lastError: null,
        permanent: false,
      });
    }
  }

  /** as if `leaseSeconds` had passed */
  expireLeases(): void {
    for (const row of this.rows.values()) row.leaseUntil = 0;
  }

  row(id: string): Row {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no row ${id}`);
    return row;
  }

  count(pathPart: string): number {
    return this.calls.filter((c) => c.path.includes(pathPart)).length;
  }

  private async handle(req: RecordedRequest): Promise<Reply> {
    if (req.headers['x-internal-secret'] !== TEST_SECRET) {
      return {
        status: 401,
        body: { error: { code: 'AUTH.INTERNAL_ONLY', message: '仅限内部调用', details: null, requestId: 'r' } },
      };
    }
    const path = req.url;
    this.calls.push({ path, body: req.json });
    const now = Date.now();
    if (req.method === 'POST' && path === '/internal/outbox/claim') {
      const body = req.json as ClaimRequest;
      if (this.claimDelayMs) await new Promise((r) => setTimeout(r, this.claimDelayMs));
      const won: OutboxMessage[] = [];
      for (const row of this.rows.values()) {
        if (won.length >= body.limit) break;
        if (row.status !== 'pending' || row.nextAttemptAt > now || row.leaseUntil > now) continue;
        row.leaseOwner = body.owner;
        row.leaseUntil = now + body.leaseSeconds * 1000;
        won.push({ ...row.message, attempts: row.attempts });
      }
      return { body: { messages: won } };
    }
    let m = /^\/internal\/outbox\/([^/]+)\/ack$/.exec(path);
    if (req.method === 'POST' && m) {
      const row = this.rows.get(decodeURIComponent(m[1]!));
      const { owner } = req.json as { owner: string };
      if (row?.status === 'sent') return { status: 204 };
      if (!row || row.status !== 'pending' || row.leaseOwner !== owner || row.leaseUntil <= now) return notLeased();
      if (this.failAcks > 0) {
        this.failAcks -= 1;
        return {
          status: 500,
          body: { error: { code: 'SYSTEM.INTERNAL', message: '系统繁忙', details: null, requestId: 'r500' } },
        };
      }
      row.status = 'sent';
      return { status: 204 };
    }
    m = /^\/internal\/outbox\/([^/]+)\/fail$/.exec(path);
    if (req.method === 'POST' && m) {
      const row = this.rows.get(decodeURIComponent(m[1]!));
      const body = req.json as FailRequest;
      if (!row || row.status !== 'pending' || row.leaseOwner !== body.owner) return notLeased();
      row.attempts += 1;
      row.lastError = body.error;
      row.permanent = body.permanent === true;
      row.status = body.permanent ? 'failed' : 'pending';
      row.nextAttemptAt = now + 3600_000;
      row.leaseUntil = 0;
      return {
        body: {
          status: row.status,
          nextAttemptAt: row.status === 'pending' ? new Date(row.nextAttemptAt).toISOString() : null,
        },
      };
    }
    m = /^\/internal\/jobs\/([^/]+)\/run$/.exec(path);
    if (req.method === 'POST' && m) {
      const name = decodeURIComponent(m[1]!);
      this.jobRuns.push({ name, owner: (req.json as { owner: string }).owner });
      return this.jobReply(name);
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: '未找到', details: null, requestId: 'r404' } } };
  }
}
