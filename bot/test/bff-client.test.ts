import { BffError, createBffClient } from '../src/bff-client';
import { FakeBff } from './fake-bff';
import { message, startReceiver, TEST_SECRET } from './helpers';

let bff: FakeBff;
beforeEach(async () => {
  bff = await FakeBff.start();
});
afterEach(() => bff.close());

it('sends the internal secret and speaks the claim / ack / fail / job contract', async () => {
  const client = createBffClient({ baseUrl: `${bff.url}/`, secret: TEST_SECRET });
  bff.add(message({ id: 'a' }), message({ id: 'b' }));
  const { messages } = await client.claim({ owner: 'me', limit: 10, leaseSeconds: 60 });
  expect(messages.map((m) => m.id)).toEqual(['a', 'b']);
  await expect(client.ack('a', { owner: 'me' })).resolves.toBeUndefined();
  const failed = await client.fail('b', { owner: 'me', error: 'boom' });
  expect(failed).toEqual({ status: 'pending', nextAttemptAt: expect.any(String) });
  await expect(client.runJob('system.heartbeat', { owner: 'me' })).resolves.toEqual({ ran: true, result: { ok: 1 } });
  expect(bff.calls.map((c) => c.path)).toEqual([
    '/internal/outbox/claim',
    '/internal/outbox/a/ack',
    '/internal/outbox/b/fail',
    '/internal/jobs/system.heartbeat/run',
  ]);
  expect(bff.calls[0]!.body).toEqual({ owner: 'me', limit: 10, leaseSeconds: 60 });
});

it('turns an error reply into a BffError with status, code and request id', async () => {
  const client = createBffClient({ baseUrl: bff.url, secret: TEST_SECRET });
  const err = (await client.ack('nope', { owner: 'me' }).catch((e: unknown) => e)) as BffError;
  expect(err).toBeInstanceOf(BffError);
  expect(err.status).toBe(409);
  expect(err.code).toBe('OUTBOX.NOT_LEASED');
  expect(err.requestId).toBe('req-409');

  const wrong = (await createBffClient({ baseUrl: bff.url, secret: 'wrong' })
    .claim({ owner: 'me', limit: 1, leaseSeconds: 60 })
    .catch((e: unknown) => e)) as BffError;
  expect(wrong.status).toBe(401);
  expect(wrong.message).not.toContain('wrong');
});

it('gives up after its time-out', async () => {
  const silent = await startReceiver(() => ({ hang: true }));
  try {
    const client = createBffClient({ baseUrl: silent.url, secret: TEST_SECRET, timeoutMs: 100 });
    const started = Date.now();
    const err = (await client.claim({ owner: 'me', limit: 1, leaseSeconds: 60 }).catch((e: unknown) => e)) as BffError;
    expect(err).toBeInstanceOf(BffError);
    expect(err.status).toBe(0);
    expect(err.message).toMatch(/timed out after 100 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  } finally {
    await silent.close();
  }
});
