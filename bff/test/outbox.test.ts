import { startTestApp, newAccount, DIALECT, type TestApp } from './harness';
import { JobLease, Outbox } from '../src/db/entities';
import { JOBS } from '../src/internal/jobs';
import { enqueue } from '../src/modules/notifications/outbox.service';
import { OUTBOX_MAX_ATTEMPTS } from '@zhiyuan/shared';

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const SECRET = { 'x-internal-secret': 'test-internal-secret' };

describe(`outbox and the bot's internal endpoints (${DIALECT})`, () => {
  let app: TestApp;
  const internal = (path: string, body: unknown) => app.http.request('POST', path, { body, headers: SECRET });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    await app.deps.db.getRepository(Outbox).clear();
  });

  async function queue(n: number, event = 'test.event') {
    await app.deps.db.transaction(async (em) => {
      for (let i = 0; i < n; i++) {
        await enqueue(em, app.clock.now(), {
          event,
          eventId: String(i),
          channel: 'email',
          recipient: `p${i}@example.com`,
          subject: `主题${i}`,
          body: '正文',
        });
      }
    });
  }

  it('refuses callers without the shared secret', async () => {
    const none = await app.http.post('/internal/outbox/claim', { owner: 'a', limit: 1, leaseSeconds: 60 });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH.INTERNAL_SECRET');
    const wrong = await app.http.request('POST', '/internal/outbox/claim', {
      body: { owner: 'a', limit: 1, leaseSeconds: 60 },
      headers: { 'x-internal-secret': 'nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('appends one row per idempotency key: the same event queued twice is one message', async () => {
    await queue(3);
    await queue(3);
    expect(await app.deps.db.getRepository(Outbox).count()).toBe(3);
  });

  it('writes nothing when the change it belongs to rolls back', async () => {
    await expect(
      app.deps.db.transaction(async (em) => {
        await enqueue(em, app.clock.now(), {
          event: 'x',
          eventId: '1',
          channel: 'email',
          recipient: 'a@b.cn',
          subject: 's',
          body: 'b',
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await app.deps.db.getRepository(Outbox).count()).toBe(0);
  });

  it('leases messages: a second bot skips rows another holds, and takes them once the lease expires', async () => {
    await queue(5);
    const a = await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 3, leaseSeconds: 60 });
    expect(a.status).toBe(200);
    expect(a.body.messages).toHaveLength(3);
    expect(a.body.messages[0]).toMatchObject({ channel: 'email', attempts: 0 });
    expect(a.body.messages[0].idempotencyKey).toMatch(/^test\.event:/);
    const b = await internal('/internal/outbox/claim', { owner: 'bot-b', limit: 10, leaseSeconds: 60 });
    expect(b.body.messages).toHaveLength(2);
    const ids = new Set([...a.body.messages, ...b.body.messages].map((m: { id: string }) => m.id));
    expect(ids.size).toBe(5);
    expect(
      (await internal('/internal/outbox/claim', { owner: 'bot-c', limit: 10, leaseSeconds: 60 })).body.messages,
    ).toHaveLength(0);
    app.clock.advance(61_000);
    const c = await internal('/internal/outbox/claim', { owner: 'bot-c', limit: 10, leaseSeconds: 60 });
    expect(c.body.messages).toHaveLength(5);
  });

  it('never hands one message to two bots claiming at the same moment', async () => {
    await queue(40);
    const claims = await Promise.all(
      ['a', 'b', 'c', 'd'].map((o) =>
        internal('/internal/outbox/claim', { owner: `bot-${o}`, limit: 40, leaseSeconds: 60 }),
      ),
    );
    const all = claims.flatMap((c) => c.body.messages.map((m: { id: string }) => m.id));
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
  });

  it('acknowledges once; a second ack is harmless; a stranger cannot ack', async () => {
    await queue(1);
    const [m] = (await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 1, leaseSeconds: 60 })).body
      .messages;
    expect((await internal(`/internal/outbox/${m.id}/ack`, { owner: 'bot-x' })).status).toBe(409);
    expect((await internal(`/internal/outbox/${m.id}/ack`, { owner: 'bot-a' })).status).toBe(204);
    expect((await internal(`/internal/outbox/${m.id}/ack`, { owner: 'bot-a' })).status).toBe(204);
    const row = await app.deps.db.getRepository(Outbox).findOneByOrFail({ id: m.id });
    expect(row.status).toBe('sent');
    app.clock.advance(120_000);
    expect(
      (await internal('/internal/outbox/claim', { owner: 'bot-b', limit: 5, leaseSeconds: 60 })).body.messages,
    ).toHaveLength(0);
  });

  it('retries with back-off and ends a message that keeps failing as failed, visible to admins, who can retry it', async () => {
    await queue(1);
    let last: any;
    for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS; attempt++) {
      const claim = await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 1, leaseSeconds: 60 });
      expect(claim.body.messages).toHaveLength(1);
      expect(claim.body.messages[0].attempts).toBe(attempt - 1);
      last = await internal(`/internal/outbox/${claim.body.messages[0].id}/fail`, {
        owner: 'bot-a',
        error: 'SMTP 451 try later',
      });
      expect(last.status).toBe(200);
      if (attempt < OUTBOX_MAX_ATTEMPTS) {
        expect(last.body.status).toBe('pending');
        // not due before its back-off has passed
        expect(
          (await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 1, leaseSeconds: 60 })).body.messages,
        ).toHaveLength(0);
        app.clock.set(last.body.nextAttemptAt);
      }
    }
    expect(last.body).toEqual({ status: 'failed', nextAttemptAt: null });

    const token = await app.login(app.admin.username, app.admin.password!);
    const failed = await app.http.get('/api/admin/outbox?status=failed', token);
    expect(failed.status).toBe(200);
    expect(failed.body.total).toBe(1);
    expect(failed.body.items[0]).toMatchObject({
      status: 'failed',
      lastError: 'SMTP 451 try later',
      recipient: 'p***@example.com',
    });

    expect((await app.http.post(`/api/admin/outbox/${failed.body.items[0].id}/retry`, undefined, token)).status).toBe(
      204,
    );
    expect(
      (await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 1, leaseSeconds: 60 })).body.messages,
    ).toHaveLength(1);
  });

  it('fails at once when the bot says retrying cannot help', async () => {
    await queue(1);
    const [m] = (await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 1, leaseSeconds: 60 })).body
      .messages;
    const res = await internal(`/internal/outbox/${m.id}/fail`, {
      owner: 'bot-a',
      error: '550 no such user',
      permanent: true,
    });
    expect(res.body.status).toBe('failed');
  });

  it('keeps the admin outbox from volunteers', async () => {
    const v = newAccount();
    await app.http.post('/api/accounts', v);
    const token = await app.login(v.username, v.password);
    const res = await app.http.get('/api/admin/outbox', token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
    expect((await app.http.get('/api/admin/outbox')).status).toBe(401);
  });

  it('runs a scheduled job under a lease: while one bot runs it, another is turned away', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    JOBS['test.slow'] = {
      description: 'test',
      leaseSeconds: 60,
      async run() {
        runs += 1;
        await gate;
        return { runs };
      },
    };
    try {
      const first = internal('/internal/jobs/test.slow/run', { owner: 'bot-a' });
      await waitFor(() => runs === 1);
      const second = await internal('/internal/jobs/test.slow/run', { owner: 'bot-b' });
      expect(second.body).toEqual({ ran: false });
      release();
      expect((await first).body).toEqual({ ran: true, result: { runs: 1 } });
      // once finished, the next run goes ahead
      expect((await internal('/internal/jobs/system.heartbeat/run', { owner: 'bot-b' })).body.ran).toBe(true);
      expect((await internal('/internal/jobs/no.such.job/run', { owner: 'bot-b' })).status).toBe(404);
    } finally {
      delete JOBS['test.slow'];
    }
  });

  it('lets another bot take a job whose runner died once its lease has expired', async () => {
    JOBS['test.crash'] = { description: 'test', leaseSeconds: 60, run: () => new Promise(() => {}) };
    try {
      void internal('/internal/jobs/test.crash/run', { owner: 'bot-a' }).catch(() => {});
      await waitFor(
        async () => (await app.deps.db.getRepository(JobLease).findOneBy({ name: 'test.crash' }))?.owner === 'bot-a',
      );
      JOBS['test.crash'] = { description: 'test', leaseSeconds: 60, run: async () => ({ ok: true }) };
      expect((await internal('/internal/jobs/test.crash/run', { owner: 'bot-b' })).body.ran).toBe(false);
      app.clock.advance(61_000);
      expect((await internal('/internal/jobs/test.crash/run', { owner: 'bot-b' })).body.ran).toBe(true);
    } finally {
      delete JOBS['test.crash'];
    }
  });

  it('purges sent messages older than 30 days', async () => {
    await queue(2);
    const claimed = (await internal('/internal/outbox/claim', { owner: 'bot-a', limit: 2, leaseSeconds: 60 })).body
      .messages;
    for (const m of claimed) await internal(`/internal/outbox/${m.id}/ack`, { owner: 'bot-a' });
    app.clock.advance(31 * 86400_000);
    const res = await internal('/internal/jobs/outbox.purge/run', { owner: 'bot-a' });
    expect(res.body).toEqual({ ran: true, result: { deleted: 2 } });
  });
});
