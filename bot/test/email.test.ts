import { readdirSync, readFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { PermanentDeliveryError } from '../src/channels/channel';
import { createEmailChannel, IDEMPOTENCY_HEADER, messageIdOf } from '../src/channels/email';
import { message, testConfig } from './helpers';

interface Received {
  mail: ParsedMail;
  rcptTo: string[];
  mailFrom: string | false;
}

/** A real SMTP server on a random port; addresses starting with reject/defer get 550/450. */
async function startSmtp(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('reject'))
        return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      if (address.address.startsWith('defer'))
        return cb(Object.assign(new Error('4.2.1 try again later'), { responseCode: 450 }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          received.push({
            mail,
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            mailFrom: session.envelope.mailFrom && session.envelope.mailFrom.address,
          });
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('email channel over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());

  const channel = () =>
    createEmailChannel({
      smtpUrl: smtp.url,
      from: '志愿服务信息系统 <noreply@zhiyuan.local>',
      dataDir: '/nonexistent',
      timeoutMs: 5000,
    });

  it('delivers a Chinese subject and body in UTF-8, with the key in Message-ID and its own header', async () => {
    const msg = message({
      recipient: 'zhang.san@example.com',
      subject: '您的志愿服务时间已确认',
      body: '张三，您好：\n\n您在“社区环境清洁”项目中的 3.5 小时志愿服务时间已确认。',
      idempotencyKey: 'hours.confirmed:rec-42:email:0123456789abcdef',
    });
    await channel().send(msg);

    expect(smtp.received).toHaveLength(1);
    const { mail, rcptTo, mailFrom } = smtp.received[0]!;
    expect(rcptTo).toEqual(['zhang.san@example.com']);
    expect(mailFrom).toBe('noreply@zhiyuan.local');
    expect(mail.subject).toBe('您的志愿服务时间已确认');
    expect(mail.text?.trim()).toBe(msg.body);
    expect(mail.from?.value[0]).toEqual({ address: 'noreply@zhiyuan.local', name: '志愿服务信息系统' });
    const contentType = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
    expect(contentType.value).toBe('text/plain');
    expect(contentType.params.charset?.toLowerCase()).toBe('utf-8');
    expect(mail.messageId).toBe('<hours.confirmed=3Arec-42=3Aemail=3A0123456789abcdef@zhiyuan>');
    expect(mail.messageId).toBe(messageIdOf(msg.idempotencyKey));
    expect(mail.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(msg.idempotencyKey);
  });

  it('the same key always gives the same Message-ID, valid as a dot-atom', () => {
    expect(messageIdOf('a:b')).toBe(messageIdOf('a:b'));
    expect(messageIdOf('a:b')).not.toBe(messageIdOf('a:c'));
    const dotAtom = /^<[A-Za-z0-9=_-]+(\.[A-Za-z0-9=_-]+)*@zhiyuan>$/;
    for (const key of ['.x..y.', '活动:1', 'a b/c', 'account.registered:1:email:ff'])
      expect(messageIdOf(key)).toMatch(dotAtom);
    expect(messageIdOf('.x..y.')).toBe('<=2Ex=2E.y=2E@zhiyuan>');
  });

  it('a recipient the server rejects with 550 is a permanent failure', async () => {
    const err = await channel()
      .send(message({ recipient: 'reject-me@example.com' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as Error).message).toMatch(/550/);
  });

  it('a 450 deferral is worth a retry', async () => {
    const err = await channel()
      .send(message({ recipient: 'defer-me@example.com' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('a malformed address fails permanently without a connection', async () => {
    const before = smtp.received.length;
    await expect(channel().send(message({ recipient: 'not an address' }))).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    expect(smtp.received).toHaveLength(before);
  });

  it('an unreachable server is worth a retry', async () => {
    const port = await closedPort();
    const down = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'a@b.c',
      dataDir: '/nonexistent',
      timeoutMs: 2000,
    });
    const err = await down.send(message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('email channel without SMTP_URL', () => {
  it('writes each e-mail as an .eml file under <dataDir>/mail, once per key', async () => {
    const config = testConfig({ SMTP_URL: '' });
    try {
      const channel = createEmailChannel({
        smtpUrl: '',
        from: config.mail.from,
        dataDir: config.dataDir,
        timeoutMs: 1000,
      });
      const msg = message({ subject: '欢迎注册志愿服务信息系统', body: '李四，您好：\n欢迎您。' });
      await channel.send(msg);
      await channel.send(msg); // a resend of the same key rewrites the same file
      await channel.send(message());

      const dir = join(config.dataDir, 'mail');
      const files = readdirSync(dir).sort();
      expect(files).toHaveLength(2);
      expect(files.every((f) => f.endsWith('.eml'))).toBe(true);
      const mails = await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
      const mail = mails.find((m) => m.messageId === messageIdOf(msg.idempotencyKey));
      expect(mail).toBeDefined();
      expect(mail!.subject).toBe('欢迎注册志愿服务信息系统');
      expect(mail!.text?.trim()).toBe('李四，您好：\n欢迎您。');
      expect((mail!.to as { value: { address: string }[] }).value[0]!.address).toBe(msg.recipient);
      expect(mail!.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(msg.idempotencyKey);
    } finally {
      config.cleanup();
    }
  });
});
