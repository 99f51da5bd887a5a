import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '@zhiyuan/config';
import type { OutboxMessage } from '@zhiyuan/shared';
import { createLogger, type Logger } from '../src/logger';

export const TEST_SECRET = 'test-internal-secret';

/** A full Config as `loadConfig` builds it, in a temporary data folder. */
export function testConfig(env: Record<string, string> = {}): Config & { cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'zhiyuan-bot-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: dir,
      JWT_SECRET: 'test-jwt',
      INTERNAL_SECRET: TEST_SECRET,
      DATA_KEY: '11'.repeat(32),
      LOG_LEVEL: 'silent',
      ...env,
    },
    dir,
  );
  return { ...config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A logger whose lines are kept, to check what reaches the logs. */
export function captureLogger(level: Config['logLevel'] = 'debug'): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ logLevel: level }, stream), lines: () => chunks.join('') };
}

export const silentLogger = (): Logger => createLogger({ logLevel: 'silent' });

/** Polls a condition with a short bounded wait; no fixed sleeps. */
export async function waitFor(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** never answer (to test time-outs) */
  hang?: boolean;
}

export interface HttpReceiver {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real local HTTP server; `handle` decides each reply. */
export async function startReceiver(handle: (req: RecordedRequest) => Reply | Promise<Reply>): Promise<HttpReceiver> {
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        json,
      };
      requests.push(recorded);
      void Promise.resolve(handle(recorded)).then((reply) => {
        if (reply.hang) {
          hanging.add(res);
          return;
        }
        const status = reply.status ?? 200;
        if (reply.body === undefined) {
          res.writeHead(status).end();
        } else {
          const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let seq = 0;
export function message(overrides: Partial<OutboxMessage> = {}): OutboxMessage {
  seq += 1;
  return {
    id: `m${seq}`,
    channel: 'email',
    recipient: `volunteer${seq}@example.com`,
    subject: '欢迎注册志愿服务信息系统',
    body: `张三，您好：\n\n欢迎您注册志愿服务信息系统。（第 ${seq} 封）`,
    idempotencyKey: `account.registered:evt${seq}:email:abcdef0123456789`,
    attempts: 0,
    ...overrides,
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error('expected a rejection');
  return err;
}
