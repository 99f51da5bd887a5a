/**
 * Baseline of the `register` scenario: real-name registration (POST /api/volunteers) done by
 * hand with a bare Koa app, @koa/bodyparser and raw mysql2 — no router, no zod, no TypeORM,
 * no logging — issuing THE SAME SQL statements as the bff's VolunteersService.register
 * (bff/src/modules/volunteers/volunteers.service.ts), in the same order, in the same two
 * transactions, as prepared statements (pool.execute):
 *
 *   transaction 1 (one pooled connection):
 *     START TRANSACTION
 *     COUNT accounts by username; COUNT accounts by e-mail (by mobile when one is given)
 *     SELECT the region
 *     INSERT accounts; INSERT account_roles (volunteer)
 *     COUNT outbox by idempotency key; INSERT outbox (welcome e-mail)
 *     SELECT volunteers by document hash (live records); INSERT volunteers; INSERT identity_claims
 *     SELECT the account's roles; INSERT refresh_tokens
 *     COMMIT
 *   automatic verification (V-5, V-6):
 *     SELECT the volunteer (autoVerify); SELECT it again (markVerified); COUNT sequences
 *     (INSERT the counter when missing)
 *   transaction 2:
 *     START TRANSACTION
 *     SELECT the volunteer; UPDATE sequences value + 1; SELECT the counter
 *     UPDATE volunteers (verified, volunteer number); SELECT the account
 *     COUNT outbox by idempotency key; INSERT outbox (verification e-mail)
 *     COMMIT
 *   reply: SELECT the volunteer; SELECT the account ‖ SELECT the region (in parallel)
 *
 * The same work around the statements: argon2id hash (@node-rs/argon2, its defaults), the
 * document number checked (GB 11643 check character, birth date, age), AES-256-GCM encrypted
 * and HMAC-SHA256 hashed under HKDF-derived keys as bff/src/personal-data.ts does (so the bff
 * can read these rows), the same e-mail texts (from shared/dist), an HS256 access token signed
 * with jsonwebtoken and a string secret, the same reply (user, tokens, masked volunteer).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { hash } from '@node-rs/argon2';
import jwt from 'jsonwebtoken';
import { createPool } from 'mysql2/promise';
import shared from '../../shared/dist/index.js';

const { welcomeEmail, verificationResultEmail, VERIFICATION_LABELS } = shared;

const VOLUNTEER_COLUMNS =
  'id, account_id, real_name, document_type, document_number_enc, document_hash, gender, birth_date, region_code, ' +
  'address, mobile, email, skills, service_categories, guardian_name, guardian_mobile, consent_at, volunteer_number, ' +
  'verification_state, verification_reason, verification_updated_at, photo_key, source, import_job_id, ' +
  'imported_team_name, imported_minutes, merged_into, unit_id, created_at, updated_at';
const ACCOUNT_COLUMNS =
  'id, username, password_hash, email, mobile, region_code, wechat_openid, status, created_at, updated_at';
const OUTBOX_COLUMNS =
  'id, event, channel, recipient, subject, body, payload, idempotency_key, status, attempts, next_attempt_at, ' +
  'lease_owner, lease_until, last_error, created_at, sent_at';

export const SQL = {
  usernameCount: 'SELECT COUNT(1) AS cnt FROM accounts WHERE username = ?',
  emailCount: 'SELECT COUNT(1) AS cnt FROM accounts WHERE email = ?',
  mobileCount: 'SELECT COUNT(1) AS cnt FROM accounts WHERE mobile = ?',
  region: 'SELECT code, name, level, parent_code, population FROM regions WHERE code = ? LIMIT 1',
  insertAccount: `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (${ACCOUNT_COLUMNS.split(',').map(() => '?')})`,
  insertRole: 'INSERT INTO account_roles (id, account_id, role, region_code, created_at) VALUES (?, ?, ?, ?, ?)',
  outboxCount: 'SELECT COUNT(1) AS cnt FROM outbox WHERE idempotency_key = ?',
  insertOutbox: `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES (${OUTBOX_COLUMNS.split(',').map(() => '?')})`,
  volunteersByDocument: `SELECT ${VOLUNTEER_COLUMNS} FROM volunteers WHERE document_hash = ? AND merged_into IS NULL ORDER BY created_at ASC`,
  insertVolunteer: `INSERT INTO volunteers (${VOLUNTEER_COLUMNS}) VALUES (${VOLUNTEER_COLUMNS.split(',').map(() => '?')})`,
  insertClaim: 'INSERT INTO identity_claims (document_hash, volunteer_id, created_at) VALUES (?, ?, ?)',
  roles:
    'SELECT id, account_id, role, region_code, created_at FROM account_roles WHERE account_id = ? ORDER BY created_at ASC',
  insertRefreshToken:
    'INSERT INTO refresh_tokens (id, account_id, token_hash, expires_at, revoked_at, created_at) VALUES (?, ?, ?, ?, NULL, ?)',
  volunteerById: `SELECT ${VOLUNTEER_COLUMNS} FROM volunteers WHERE id = ? LIMIT 1`,
  sequenceCount: 'SELECT COUNT(1) AS cnt FROM sequences WHERE name = ?',
  insertSequence: 'INSERT INTO sequences (name, value) VALUES (?, 0)',
  nextSequence: 'UPDATE sequences SET value = value + 1 WHERE name = ?',
  sequence: 'SELECT name, value FROM sequences WHERE name = ? LIMIT 1',
  markVerified:
    'UPDATE volunteers SET verification_state = ?, verification_reason = NULL, verification_updated_at = ?, volunteer_number = ?, updated_at = ? WHERE id = ?',
  accountById: `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE id = ? LIMIT 1`,
};

// ---- the document rules (V-1), by hand: GB 11643-1999 resident ID numbers ----

const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '),
);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const checkChar = (first17) => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
};

/** { birthDate, gender } of a valid resident ID number, or null */
function residentId(n, today) {
  if (!/^\d{17}[\dX]$/.test(n) || !PROVINCES.has(n.slice(0, 2))) return null;
  const iso = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso || iso < '1900' || iso > today)
    return null;
  if (checkChar(n) !== n[17]) return null;
  return { birthDate: iso, gender: Number(n[16]) % 2 === 1 ? 'male' : 'female' };
}
const ageOn = (birth, today) => {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
};

const mask = (v) =>
  v.length <= 6
    ? '*'.repeat(v.length)
    : `${v.slice(0, v.length >= 15 ? 5 : 2)}${'*'.repeat(v.length - (v.length >= 15 ? 5 : 2) - 4)}${v.slice(-4)}`;
const maskEmail = (e) => {
  if (!e) return null;
  const at = e.indexOf('@');
  if (at <= 0) return '***';
  return `${e.slice(0, at <= 2 ? 1 : 2)}***${e.slice(at)}`;
};
const maskMobile = (m) => (!m ? null : m.length < 7 ? '*'.repeat(m.length) : `${m.slice(0, 3)}****${m.slice(-4)}`);

const fail = (ctx, status, code) => {
  ctx.status = status;
  ctx.body = { error: { code } };
};

/**
 * options: dbUrl, poolSize, jwtSecret, dataKey (64 hex characters, the bff's DATA_KEY),
 * publicUrl (the bff's PUBLIC_URL, for the same e-mail text), timeZone, accessTtl, refreshTtl
 */
export async function start({
  dbUrl,
  poolSize = 10,
  jwtSecret,
  dataKey,
  publicUrl,
  timeZone = 'Asia/Shanghai',
  accessTtl = 900,
  refreshTtl = 2592000,
}) {
  const pool = createPool({
    uri: dbUrl.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: poolSize,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
  });
  const jwtKey = createSecretKey(Buffer.from(jwtSecret));
  const key = Buffer.from(dataKey, 'hex');
  const encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'zhiyuan/enc/v1', 32));
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'zhiyuan/mac/v1', 32));
  const encrypt = (plain) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  };
  const decrypt = (stored) => {
    const [, iv, tag, body] = stored.split('.');
    const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  };
  const sha256 = (v) => createHash('sha256').update(v).digest('hex');
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = () => dayFormat.format(new Date()); // en-CA: YYYY-MM-DD

  const outboxRow = (now, event, eventId, recipient, message) => [
    randomUUID(),
    event,
    'email',
    recipient,
    message.subject.slice(0, 200),
    message.body,
    null,
    `${event}:${eventId}:email:${sha256(recipient).slice(0, 16)}`,
    'pending',
    0,
    now,
    null,
    null,
    null,
    now,
    null,
  ];
  /** the outbox append: a no-op when the idempotency key is there already */
  const enqueue = async (conn, row) => {
    const [[{ cnt }]] = await conn.execute(SQL.outboxCount, [row[7]]);
    if (Number(cnt) === 0) await conn.execute(SQL.insertOutbox, row);
  };
  const transaction = async (work) => {
    const conn = await pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      const result = await work(conn);
      await conn.query('COMMIT');
      return result;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  };
  const one = async (sql, params) => (await pool.execute(sql, params))[0][0] ?? null;

  const app = new Koa();
  app.use(bodyParser({ enableTypes: ['json'], jsonStrict: true }));
  app.use(async (ctx) => {
    if (ctx.method !== 'POST' || ctx.path !== '/api/volunteers') return fail(ctx, 404, 'REQUEST.NOT_FOUND');
    const b = ctx.request.body ?? {};
    // minimal validation: the types, and what the statements and the rules need
    if (
      typeof b.username !== 'string' ||
      typeof b.password !== 'string' ||
      b.documentType !== 'resident_id' ||
      typeof b.documentNumber !== 'string' ||
      typeof b.realName !== 'string' ||
      typeof b.regionCode !== 'string' ||
      (b.email !== undefined && typeof b.email !== 'string') ||
      (b.mobile !== undefined && typeof b.mobile !== 'string') ||
      (b.email === undefined && b.mobile === undefined) ||
      b.consent !== true
    ) {
      return fail(ctx, 400, 'REQUEST.INVALID');
    }
    const username = b.username.trim().toLowerCase();
    const email = b.email === undefined ? null : b.email.trim().toLowerCase();
    const mobile = b.mobile ?? null;
    const realName = b.realName.trim();
    const number = b.documentNumber.replace(/\s+/g, '').toUpperCase();
    const day = today();
    const facts = residentId(number, day);
    if (!facts) return fail(ctx, 400, 'VOLUNTEER.DOCUMENT_INVALID');
    if (ageOn(facts.birthDate, day) < 18) return fail(ctx, 400, 'VOLUNTEER.GUARDIAN_REQUIRED'); // no guardian here
    const documentHash = createHmac('sha256', macKey).update(`resident_id:${number}`).digest('hex');

    const passwordHash = await hash(b.password);
    let session;
    try {
      session = await transaction(async (conn) => {
        const count = async (sql, v) => Number((await conn.execute(sql, [v]))[0][0].cnt);
        if (await count(SQL.usernameCount, username))
          throw Object.assign(new Error(), { code: 'ACCOUNT.USERNAME_TAKEN' });
        if (email && (await count(SQL.emailCount, email)))
          throw Object.assign(new Error(), { code: 'ACCOUNT.EMAIL_TAKEN' });
        if (mobile && (await count(SQL.mobileCount, mobile)))
          throw Object.assign(new Error(), { code: 'ACCOUNT.MOBILE_TAKEN' });
        const [[region]] = await conn.execute(SQL.region, [b.regionCode]);
        if (!region) throw Object.assign(new Error(), { code: 'REGION.NOT_FOUND' });
        const now = new Date();
        const account = {
          id: randomUUID(),
          username,
          email,
          mobile,
          regionCode: b.regionCode,
          createdAt: now,
        };
        await conn.execute(SQL.insertAccount, [
          account.id,
          username,
          passwordHash,
          email,
          mobile,
          b.regionCode,
          null,
          'active',
          now,
          now,
        ]);
        await conn.execute(SQL.insertRole, [randomUUID(), account.id, 'volunteer', null, now]);
        if (email) {
          await enqueue(
            conn,
            outboxRow(now, 'account.registered', account.id, email, welcomeEmail({ username, appUrl: publicUrl })),
          );
        }
        // V-2: a new record (the activation of an imported one, V-3, never happens in this benchmark)
        const [existing] = await conn.execute(SQL.volunteersByDocument, [documentHash]);
        if (existing.length) throw Object.assign(new Error(), { code: 'VOLUNTEER.ALREADY_REGISTERED' });
        const volunteerId = randomUUID();
        const vnow = new Date();
        await conn.execute(SQL.insertVolunteer, [
          volunteerId,
          account.id,
          realName,
          'resident_id',
          encrypt(number),
          documentHash,
          facts.gender,
          facts.birthDate,
          b.regionCode,
          b.address ?? null,
          mobile,
          email,
          JSON.stringify(b.skills ?? []),
          JSON.stringify(b.serviceCategories ?? []),
          null,
          null,
          vnow,
          null,
          'unverified',
          null,
          vnow,
          null,
          'registered',
          null,
          null,
          0,
          null,
          null,
          vnow,
          vnow,
        ]);
        await conn.execute(SQL.insertClaim, [documentHash, volunteerId, vnow]);
        // the session (openSession): roles, access token, refresh-token row
        const snow = new Date();
        const [roles] = await conn.execute(SQL.roles, [account.id]);
        const iat = Math.floor(snow.getTime() / 1000);
        const accessToken = jwt.sign(
          {
            typ: 'access',
            sub: account.id,
            usr: username,
            rls: roles.map((r) => [r.role, r.region_code ?? null]),
            iat,
            exp: iat + accessTtl,
          },
          jwtKey,
          { algorithm: 'HS256', issuer: 'zhiyuan' },
        );
        const refreshToken = randomBytes(32).toString('base64url');
        await conn.execute(SQL.insertRefreshToken, [
          randomUUID(),
          account.id,
          sha256(refreshToken),
          new Date(snow.getTime() + refreshTtl * 1000),
          snow,
        ]);
        return {
          volunteerId,
          user: {
            id: account.id,
            username,
            email: maskEmail(email),
            mobile: maskMobile(mobile),
            regionCode: b.regionCode,
            roles: roles.map((r) => ({ role: r.role, regionCode: r.region_code })),
            wechatBound: false,
            createdAt: now.toISOString(),
          },
          tokens: { accessToken, refreshToken, expiresIn: accessTtl, tokenType: 'Bearer' },
        };
      });
    } catch (err) {
      if (err.code === 'ER_DUP_ENTRY') return fail(ctx, 409, 'ACCOUNT.DUPLICATE');
      if (typeof err.code === 'string' && err.code.includes('.')) return fail(ctx, 409, err.code);
      throw err;
    }

    // automatic verification (V-5): the document rules vouch for a resident ID
    const { volunteerId } = session;
    const row = await one(SQL.volunteerById, [volunteerId]);
    if (row.verification_state === 'unverified' && residentId(decrypt(row.document_number_enc), today())) {
      // V-6: the volunteer number, in the transaction that verifies
      const current = await one(SQL.volunteerById, [volunteerId]);
      const sequenceName = `volunteer_no:${current.region_code}`;
      if (!Number((await pool.execute(SQL.sequenceCount, [sequenceName]))[0][0].cnt)) {
        await pool.execute(SQL.insertSequence, [sequenceName]).catch((err) => {
          if (err.code !== 'ER_DUP_ENTRY') throw err; // made by a concurrent request
        });
      }
      await transaction(async (conn) => {
        const [[v]] = await conn.execute(SQL.volunteerById, [volunteerId]);
        if (!v || v.verification_state === 'verified') return;
        await conn.execute(SQL.nextSequence, [sequenceName]);
        const [[seq]] = await conn.execute(SQL.sequence, [sequenceName]);
        const body = `${v.region_code}${String(seq.value).padStart(8, '0')}`;
        const volunteerNumber = `${body}${checkChar(`000${body}`)}`;
        const now = new Date();
        await conn.execute(SQL.markVerified, ['verified', now, volunteerNumber, now, volunteerId]);
        const [[account]] = await conn.execute(SQL.accountById, [v.account_id]);
        if (account?.email) {
          const message = verificationResultEmail({
            realName: v.real_name,
            verified: true,
            volunteerNumber,
            reason: null,
            appUrl: publicUrl,
          });
          await enqueue(conn, outboxRow(now, 'volunteer.verification', randomUUID(), account.email, message));
        }
      });
    }

    // the reply: the volunteer as it is now, with its account and region
    const v = await one(SQL.volunteerById, [volunteerId]);
    const [account, region] = await Promise.all([
      one(SQL.accountById, [v.account_id]),
      one(SQL.region, [v.region_code]),
    ]);
    const skills = JSON.parse(v.skills);
    const categories = JSON.parse(v.service_categories);
    ctx.status = 201;
    ctx.body = {
      user: session.user,
      tokens: session.tokens,
      volunteer: {
        id: v.id,
        accountId: v.account_id,
        username: account?.username ?? null,
        realName: v.real_name,
        documentType: v.document_type,
        documentNumber: mask(decrypt(v.document_number_enc)),
        documentNumberMasked: true,
        gender: v.gender,
        birthDate: v.birth_date,
        regionCode: v.region_code,
        regionName: region?.name ?? null,
        volunteerNumber: v.volunteer_number,
        verification: {
          state: v.verification_state,
          label: VERIFICATION_LABELS[v.verification_state],
          reason: v.verification_reason,
          updatedAt: v.verification_updated_at.toISOString(),
        },
        minor: v.guardian_name !== null,
        guardian: v.guardian_name ? { name: v.guardian_name, mobile: v.guardian_mobile ?? '' } : null,
        skills: Array.isArray(skills) ? skills.map(String) : [],
        serviceCategories: Array.isArray(categories) ? categories.map(String) : [],
        address: v.address,
        source: v.source,
        unitId: v.unit_id ?? null,
        frozen: account?.status === 'frozen',
        createdAt: v.created_at.toISOString(),
      },
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
