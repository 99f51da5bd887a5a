import { startTestApp, newAccount, DIALECT, type TestApp } from './harness';
import { Account, AuditLog, Outbox, PasswordReset } from '../src/db/entities';

const MINUTE = 60_000;

describe(`forgotten password by e-mail (${DIALECT})`, () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  async function signUp() {
    const body = newAccount();
    const res = await app.http.post('/api/accounts', body);
    expect(res.status).toBe(201);
    return { ...body, id: res.body.user.id as string, refreshToken: res.body.tokens.refreshToken as string };
  }

  const requestCode = (email: string) => app.http.post('/api/auth/password-reset', { email });
  const confirm = (email: string, code: string, newPassword = 'newpass123') =>
    app.http.post('/api/auth/password-reset/confirm', { email, code, newPassword });

  function resetMails(email: string) {
    return app.deps.db
      .getRepository(Outbox)
      .find({ where: { recipient: email, event: 'account.password_reset' }, order: { createdAt: 'ASC' } });
  }

  /** The code of the newest reset e-mail to this address. */
  async function lastCode(email: string): Promise<string> {
    const mails = await resetMails(email);
    const code = /验证码为：(\d{6})/.exec(mails.at(-1)?.body ?? '')?.[1];
    if (!code) throw new Error(`no reset code mailed to ${email}`);
    return code;
  }

  /** A six-digit code that is not `code`. */
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('V-9: mails a code, which sets a new password, signs out every session and is audited', async () => {
    const person = await signUp();
    // the address is matched whatever its case
    const asked = await requestCode(person.email.toUpperCase());
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ sent: true });

    const [mail, ...more] = await resetMails(person.email);
    expect(more).toHaveLength(0);
    expect(mail).toMatchObject({ channel: 'email', recipient: person.email, status: 'pending' });
    expect(mail!.subject).toBe('志愿服务信息系统密码重置验证码');
    expect(mail!.body).toMatch(/验证码为：\d{6}/);
    expect(mail!.body).toContain('30 分钟内有效');
    expect(mail!.body).toContain(`${app.config.publicUrl}/packages/accounts/pages/forgot/index`);
    expect(mail!.body).toContain('如非本人操作，请忽略本邮件');
    expect(mail!.body).toContain(person.username);
    const code = await lastCode(person.email);
    // stored hashed, never as the code itself
    const stored = await app.deps.db.getRepository(PasswordReset).findOneByOrFail({ accountId: person.id });
    expect(stored.codeHash).not.toContain(code);
    expect(mail!.idempotencyKey).toContain(`account.password_reset:${stored.id}:email`);

    const done = await confirm(person.email, code);
    expect(done.status).toBe(204);

    const old = await app.http.post('/api/auth/login', { username: person.username, password: person.password });
    expect(old.status).toBe(401);
    expect((await app.http.post('/api/auth/login', { username: person.username, password: 'newpass123' })).status).toBe(
      200,
    );
    const refresh = await app.http.post('/api/auth/refresh', { refreshToken: person.refreshToken });
    expect(refresh.status).toBe(401);

    const audit = await app.deps.db
      .getRepository(AuditLog)
      .findBy({ targetId: person.id, action: 'account.password_reset' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: person.id, targetType: 'account' });
    // the owner hears that the password changed
    const told = await app.deps.db
      .getRepository(Outbox)
      .findBy({ recipient: person.email, event: 'account.password_changed' });
    expect(told).toHaveLength(1);
  });

  it('V-9: answers an unknown or frozen address exactly like a registered one, and mails nothing', async () => {
    const unknown = `nobody_${Date.now()}@example.com`;
    const res = await requestCode(unknown);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ sent: true });
    expect(await app.deps.db.getRepository(Outbox).countBy({ recipient: unknown })).toBe(0);

    const frozen = await signUp();
    await app.deps.db.getRepository(Account).update({ id: frozen.id }, { status: 'frozen' });
    const quiet = await requestCode(frozen.email);
    expect(quiet.status).toBe(202);
    expect(quiet.body).toEqual({ sent: true });
    expect(await resetMails(frozen.email)).toHaveLength(0);

    const guess = await confirm(unknown, '123456');
    expect(guess.status).toBe(400);
    expect(guess.body.error).toMatchObject({ code: 'RESET.CODE_INVALID', message: '验证码错误或已过期，请重新获取' });
  });

  it('V-9: counts wrong codes (kept after the refusal) and blocks the code after five', async () => {
    const person = await signUp();
    await requestCode(person.email);
    const code = await lastCode(person.email);
    for (let i = 1; i <= 4; i++) {
      const res = await confirm(person.email, wrong(code));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('RESET.CODE_INVALID');
      const row = await app.deps.db.getRepository(PasswordReset).findOneByOrFail({ accountId: person.id });
      expect(row.attempts).toBe(i);
    }
    const fifth = await confirm(person.email, wrong(code));
    expect(fifth.status).toBe(429);
    expect(fifth.body.error).toMatchObject({ code: 'RESET.TOO_MANY', message: '验证码错误次数过多，请重新获取' });
    // the right code no longer helps
    expect((await confirm(person.email, code)).body.error.code).toBe('RESET.TOO_MANY');
    expect(
      (await app.http.post('/api/auth/login', { username: person.username, password: person.password })).status,
    ).toBe(200);

    // a new code (after the one-minute pause) starts afresh
    app.clock.advance(MINUTE + 1000);
    await requestCode(person.email);
    const next = await lastCode(person.email);
    expect((await confirm(person.email, next)).status).toBe(204);
  });

  it('V-9: lets five parallel guesses through at most, whatever their timing', async () => {
    const person = await signUp();
    await requestCode(person.email);
    const code = await lastCode(person.email);
    const guesses = Array.from({ length: 8 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const replies = await Promise.all(guesses.map((g) => confirm(person.email, g)));
    expect(replies.filter((r) => r.status === 400)).toHaveLength(4);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(4);
    const row = await app.deps.db.getRepository(PasswordReset).findOneByOrFail({ accountId: person.id });
    expect(row.attempts).toBe(5);
  });

  it('V-9: a code lives 30 minutes', async () => {
    const person = await signUp();
    await requestCode(person.email);
    const code = await lastCode(person.email);
    app.clock.advance(30 * MINUTE);
    const late = await confirm(person.email, code);
    expect(late.status).toBe(400);
    expect(late.body.error.code).toBe('RESET.CODE_INVALID');

    await requestCode(person.email);
    const fresh = await lastCode(person.email);
    app.clock.advance(30 * MINUTE - 1000);
    expect((await confirm(person.email, fresh)).status).toBe(204);
  });

  it('V-9: a code works once', async () => {
    const person = await signUp();
    await requestCode(person.email);
    const code = await lastCode(person.email);
    expect((await confirm(person.email, code, 'first1234')).status).toBe(204);
    const again = await confirm(person.email, code, 'second1234');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('RESET.CODE_INVALID');
    expect((await app.http.post('/api/auth/login', { username: person.username, password: 'first1234' })).status).toBe(
      200,
    );
  });

  it('V-9: one code a minute and ten a day per account, still answered 202; a newer code replaces the older', async () => {
    const person = await signUp();
    expect((await requestCode(person.email)).status).toBe(202);
    const first = await lastCode(person.email);
    const soon = await requestCode(person.email);
    expect(soon.status).toBe(202);
    expect(soon.body).toEqual({ sent: true });
    expect(await resetMails(person.email)).toHaveLength(1);

    app.clock.advance(MINUTE + 1000);
    await requestCode(person.email);
    expect(await resetMails(person.email)).toHaveLength(2);
    const second = await lastCode(person.email);
    if (first !== second) {
      // the first code was replaced by the second
      expect((await confirm(person.email, first)).body.error.code).toBe('RESET.CODE_INVALID');
    }

    for (let i = 3; i <= 11; i++) {
      app.clock.advance(MINUTE + 1000);
      expect((await requestCode(person.email)).status).toBe(202);
    }
    expect(await resetMails(person.email)).toHaveLength(10);

    // a day after the first, one more may go
    app.clock.advance(24 * 60 * MINUTE - 9 * (MINUTE + 1000));
    await requestCode(person.email);
    expect(await resetMails(person.email)).toHaveLength(11);
    expect((await confirm(person.email, await lastCode(person.email))).status).toBe(204);
  });

  it('V-9: parallel requests for one account mail one code', async () => {
    const person = await signUp();
    const replies = await Promise.all(Array.from({ length: 5 }, () => requestCode(person.email)));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(await resetMails(person.email)).toHaveLength(1);
  });

  it('V-9: refuses malformed input with Chinese messages', async () => {
    const bad = await app.http.post('/api/auth/password-reset', { email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('REQUEST.INVALID');
    const shortCode = await app.http.post('/api/auth/password-reset/confirm', {
      email: 'a@example.com',
      code: '12345',
      newPassword: 'abc12345',
    });
    expect(shortCode.status).toBe(400);
    expect(shortCode.body.error.details).toEqual(
      expect.arrayContaining([{ path: 'code', message: '验证码为 6 位数字' }]),
    );
    const weak = await app.http.post('/api/auth/password-reset/confirm', {
      email: 'a@example.com',
      code: '123456',
      newPassword: 'abcdefgh',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe('newPassword');
  });
});
