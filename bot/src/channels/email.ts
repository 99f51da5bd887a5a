import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { OutboxMessage } from '@zhiyuan/shared';
import { PermanentDeliveryError, type Channel, type SendOptions } from './channel';

export interface EmailOptions {
  /** smtp://user:pass@host:port; empty writes each e-mail as an .eml file under `<dataDir>/mail` */
  smtpUrl: string;
  from: string;
  dataDir: string;
  /** connection, greeting and socket time-out of the SMTP session */
  timeoutMs: number;
}

export const IDEMPOTENCY_HEADER = 'X-Zhiyuan-Idempotency-Key';

/**
 * The idempotency key as the left part of a Message-ID (`dot-atom-text`, RFC 5322): characters
 * outside letters, digits, `_`, `-` and single inner dots become `=XX`, so the same key always
 * gives the same Message-ID and mail clients can fold a resent copy into the first.
 */
export function messageIdLocalPart(key: string): string {
  const escaped = key.replace(/[^A-Za-z0-9._-]/gu, (ch) =>
    Array.from(Buffer.from(ch, 'utf8'), (b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return escaped.replace(/^\.|\.(?=\.)|\.$/g, '=2E');
}

export function messageIdOf(key: string): string {
  return `<${messageIdLocalPart(key)}@zhiyuan>`;
}

/** A readable, file-system-safe name that is the same for the same key. */
export function emlFileName(key: string): string {
  const readable = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return `${readable}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}.eml`;
}

// deliberately loose: the bff validated the address; this only catches rows no server would take
const PLAUSIBLE_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** SMTP rejections of the envelope or the message (5xx other than 503) will not change on retry. */
function classify(err: unknown): Error {
  const e = err as { code?: string; permanent?: boolean; responseCode?: number; message?: string };
  const message = `email: ${e?.message ?? String(err)}`;
  // authentication and connection problems are the server's or the configuration's: retry
  if (e?.permanent === true && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE'))
    return new PermanentDeliveryError(message);
  return new Error(message);
}

export function createEmailChannel(opts: EmailOptions): Channel {
  const toFiles = !opts.smtpUrl;
  const transport = toFiles
    ? createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
    : createTransport({
        url: opts.smtpUrl,
        connectionTimeout: opts.timeoutMs,
        greetingTimeout: opts.timeoutMs,
        socketTimeout: opts.timeoutMs,
      });
  const mailDir = join(opts.dataDir, 'mail');

  return {
    name: 'email',
    async send(message: OutboxMessage, options: SendOptions = {}) {
      if (!PLAUSIBLE_ADDRESS.test(message.recipient))
        throw new PermanentDeliveryError('email: recipient is not an e-mail address');
      options.signal?.throwIfAborted();
      const mail = {
        from: opts.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        textEncoding: 'base64' as const,
        messageId: messageIdOf(message.idempotencyKey),
        headers: { [IDEMPOTENCY_HEADER]: message.idempotencyKey },
      };
      let info: { message?: unknown };
      try {
        info = await transport.sendMail(mail);
      } catch (err) {
        throw classify(err);
      }
      if (toFiles) {
        // named by the key: sending the same message again rewrites the same file
        await mkdir(mailDir, { recursive: true });
        const file = join(mailDir, emlFileName(message.idempotencyKey));
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, info.message as Buffer);
        await rename(tmp, file);
      }
    },
    close() {
      transport.close();
    },
  };
}
