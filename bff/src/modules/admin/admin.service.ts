import { randomInt } from 'node:crypto';
import { DomainError, maskEmail, PAGE_SIZE_DEFAULT, type OutboxStatus, type Page } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { OutboxRow } from '../../db/entities';
import { newId } from '../../ids';
import { jobLeaseRepository } from '../../internal/job-lease.repository';
import { JOBS } from '../../internal/jobs';
import { accountsRepository as accounts, refreshTokensRepository } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/passwords';
import { outboxRepository } from '../notifications/outbox.repository';
import type { AuthContext } from '../accounts/tokens';
import { assert, isAnyAdmin, isSystemAdmin } from '../../policy';
import { AuditLog } from '../../db/entities';

export interface OutboxItemDto {
  id: string;
  event: string;
  channel: string;
  /** masked: an e-mail as `ab***@x.com`, a webhook without its key */
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
}

function maskRecipient(row: OutboxRow): string {
  if (row.channel === 'email') return maskEmail(row.recipient) ?? '';
  if (row.channel === 'wechat') return `${row.recipient.slice(0, 4)}***`;
  try {
    const url = new URL(row.recipient);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '***';
  }
}

function presentOutbox(row: OutboxRow): OutboxItemDto {
  return {
    id: row.id,
    event: row.event,
    channel: row.channel,
    recipient: maskRecipient(row),
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** A password people can type: 16 characters from an alphabet without look-alikes, letters and digits. */
export function generatePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const chars = [letters[randomInt(letters.length)]!, digits[randomInt(digits.length)]!];
  while (chars.length < 16) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export const FIRST_ADMIN_USERNAME = 'admin';

export class AdminService {
  constructor(private readonly deps: AppDeps) {}

  async outbox(
    auth: AuthContext,
    status: OutboxStatus | undefined,
    page: number,
    pageSize = PAGE_SIZE_DEFAULT,
  ): Promise<Page<OutboxItemDto>> {
    assert(isAnyAdmin(auth));
    const [rows, total] = await outboxRepository.page(this.deps.db.manager, status, (page - 1) * pageSize, pageSize);
    return { items: rows.map(presentOutbox), total, page, pageSize };
  }

  async retryOutbox(auth: AuthContext, id: string): Promise<void> {
    assert(isSystemAdmin(auth));
    const { db, clock } = this.deps;
    if (!(await outboxRepository.retry(db.manager, id, clock.now())))
      throw new DomainError('REQUEST.NOT_FOUND', { message: '没有这条失败的消息' });
    await this.audit(auth.accountId, 'outbox.retry', 'outbox', id);
  }

  async jobs(auth: AuthContext) {
    assert(isAnyAdmin(auth));
    const leases = new Map((await jobLeaseRepository.all(this.deps.db.manager)).map((l) => [l.name, l]));
    return {
      items: Object.entries(JOBS).map(([name, job]) => {
        const l = leases.get(name);
        return {
          name,
          description: job.description,
          running: !!l?.leaseUntil && l.leaseUntil.getTime() > this.deps.clock.now().getTime(),
          lastStartedAt: l?.lastStartedAt?.toISOString() ?? null,
          lastFinishedAt: l?.lastFinishedAt?.toISOString() ?? null,
          lastResult: l?.lastResult ? (JSON.parse(l.lastResult) as unknown) : null,
        };
      }),
    };
  }

  /**
   * The first system admin, created at the first start with a generated password that is
   * shown once. Returns the password when it created the account, null when one exists.
   */
  async ensureSystemAdmin(): Promise<{ username: string; password: string | null }> {
    const { db, clock } = this.deps;
    const existing = await accounts.firstWithRole(db.manager, 'system_admin');
    if (existing) return { username: existing.username, password: null };
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.transaction(async (em) => {
      const now = clock.now();
      const id = newId();
      await accounts.insert(em, {
        id,
        username: FIRST_ADMIN_USERNAME,
        passwordHash,
        email: null,
        mobile: null,
        regionCode: null,
        wechatOpenid: null,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      await accounts.insertRole(em, {
        id: newId(),
        accountId: id,
        role: 'system_admin',
        regionCode: null,
        createdAt: now,
      });
      await em.getRepository(AuditLog).insert({
        id: newId(),
        actorId: null,
        action: 'admin.bootstrap',
        targetType: 'account',
        targetId: id,
        detail: null,
        createdAt: now,
      });
    });
    return { username: FIRST_ADMIN_USERNAME, password };
  }

  /** From the command line (npm run admin:reset-password): a new generated password for the first system admin. */
  async resetSystemAdminPassword(): Promise<{ username: string; password: string }> {
    const { db, clock } = this.deps;
    const admin = await accounts.firstWithRole(db.manager, 'system_admin');
    if (!admin) {
      const created = await this.ensureSystemAdmin();
      return { username: created.username, password: created.password! };
    }
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.transaction(async (em) => {
      const now = clock.now();
      await accounts.setPassword(em, admin.id, passwordHash, now);
      await refreshTokensRepository.revokeAllOf(em, admin.id, now);
      await em.getRepository(AuditLog).insert({
        id: newId(),
        actorId: null,
        action: 'admin.password_reset_cli',
        targetType: 'account',
        targetId: admin.id,
        detail: null,
        createdAt: now,
      });
    });
    return { username: admin.username, password };
  }

  private async audit(actorId: string, action: string, targetType: string, targetId: string): Promise<void> {
    await this.deps.db
      .getRepository(AuditLog)
      .insert({ id: newId(), actorId, action, targetType, targetId, detail: null, createdAt: this.deps.clock.now() });
  }
}
