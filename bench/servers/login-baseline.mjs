/**
 * Baselines of the login scenario: a bare Koa app with @koa/bodyparser and raw mysql2,
 * no router, no validation library, no ORM, no logging.
 *
 * - `baseline`: parse JSON → one prepared SELECT of the account by user name → argon2
 *   verify (@node-rs/argon2, the same library and stored hash as the bff) → JSON reply.
 * - `session`: the same, then what the bff's login adds to make a session: a prepared
 *   SELECT of the account's roles, one INSERT of a refresh-token row (sha256 of a random
 *   token, autocommit) and an HS256 access token signed with jsonwebtoken, with the same
 *   claims as the bff's.
 *
 * `steps` (for investigations) picks the session work by hand: any of 'roles', 'insert',
 * 'jwt', and 'tx' (roles + insert inside START TRANSACTION … COMMIT on one pooled
 * connection, as the bff does).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { verify } from '@node-rs/argon2';
import jwt from 'jsonwebtoken';
import { createPool } from 'mysql2/promise';

export async function start({
  dbUrl,
  variant,
  steps,
  poolSize = 10,
  jwtSecret,
  accessTtl = 900,
  refreshTtl = 2592000,
}) {
  const pool = createPool({
    uri: dbUrl.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: poolSize,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
  });
  const todo = new Set(steps ?? (variant === 'session' ? ['roles', 'insert', 'jwt'] : []));
  const session = todo.size > 0;
  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'], jsonStrict: true }));
  app.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/api/auth/login') {
      ctx.status = 404;
      ctx.body = { error: { code: 'REQUEST.NOT_FOUND' } };
      return;
    }
    const { username, password } = ctx.request.body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string') {
      ctx.status = 400;
      ctx.body = { error: { code: 'REQUEST.INVALID' } };
      return;
    }
    const [rows] = await pool.execute('SELECT id, username, password_hash, status FROM accounts WHERE username = ?', [
      username.trim().toLowerCase(),
    ]);
    const account = rows[0];
    const ok = account?.password_hash ? await verify(account.password_hash, password).catch(() => false) : false;
    if (!ok || account.status !== 'active') {
      ctx.status = 401;
      ctx.body = { error: { code: 'AUTH.BAD_CREDENTIALS' } };
      return;
    }
    if (!session) {
      ctx.body = { user: { id: account.id, username: account.username } };
      return;
    }
    const now = new Date();
    const refreshToken = randomBytes(32).toString('base64url');
    const tokenRow = [
      randomUUID(),
      account.id,
      createHash('sha256').update(refreshToken).digest('hex'),
      new Date(now.getTime() + refreshTtl * 1000),
      now,
    ];
    const readRoles = (conn) =>
      conn
        .execute('SELECT role, region_code FROM account_roles WHERE account_id = ? ORDER BY created_at ASC', [
          account.id,
        ])
        .then(([rows]) => rows);
    const insertToken = (conn) =>
      conn.execute(
        'INSERT INTO refresh_tokens (id, account_id, token_hash, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
        tokenRow,
      );
    let roles = [];
    if (todo.has('tx')) {
      const conn = await pool.getConnection();
      try {
        await conn.query('START TRANSACTION');
        roles = await readRoles(conn);
        await insertToken(conn);
        await conn.query('COMMIT');
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        conn.release();
      }
    } else {
      if (todo.has('roles')) roles = await readRoles(pool);
      if (todo.has('insert')) await insertToken(pool);
    }
    const iat = Math.floor(now.getTime() / 1000);
    const accessToken = todo.has('jwt')
      ? jwt.sign(
          {
            typ: 'access',
            sub: account.id,
            usr: account.username,
            rls: roles.map((r) => [r.role, r.region_code ?? null]),
            iat,
            exp: iat + accessTtl,
          },
          jwtSecret,
          { algorithm: 'HS256', issuer: 'zhiyuan' },
        )
      : '';
    ctx.body = {
      user: { id: account.id, username: account.username, roles: roles.map((r) => ({ role: r.role })) },
      tokens: { accessToken, refreshToken, expiresIn: accessTtl, tokenType: 'Bearer' },
    };
  });
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
