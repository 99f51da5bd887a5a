import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DomainError, passwordChangedEmail, passwordResetCodeEmail } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import { AuditLog, type AccountRow } from '../../db/entities';
import { newId } from '../../ids';
import { enqueue } from '../notifications/outbox.service';
import { accountsRepository as accounts, refreshTokensRepository as refreshTokens } from './accounts.repository';
import { hashPassword } from './passwords';
import { passwordResetRepository as resets } from './password-reset.repository';

/** How the e-mail code of V-9 behaves. */
export const PASSWORD_RESET = {
  codeValidMinutes: 30,
  maxAttempts: 5,
  /** at most one code per account this often … */
  minIntervalSeconds: 60,
  /** … and this many a day */
  maxPerDay: 10,
} as const;

/** Where the person types the code (the mini-program's H5 page). */
export const FORGOT_PAGE = '/packages/accounts/pages/forgot/index';

/** sha256 of the code salted with the account id: equal codes of two accounts hash apart. */
function hashCode(accountId: string, code: string): string {
  return createHash('sha256').update(`${accountId}:${code}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Forgotten password through the registered e-mail (V-9): a six-digit code by e-mail, then
 * the code and a new password. The request never tells whether an address is registered.
 */
export class PasswordResetService {
  constructor(private readonly deps: AppDeps) {}

  /** Sends a code when an active account has this e-mail; the caller learns nothing either way. */
  async request(email: string): Promise<{ sent: true }> {
    const { db, clock, config, logger } = this.deps;
    const found = await resets.findAccountByEmail(db.manager, email);
    if (!found || found.status !== 'active') return { sent: true };

    const outcome = await db.transaction(async (em) => {
      const now = clock.now();
      const account = await resets.lockAccount(em, found.id);
      if (!account || account.status !== 'active' || account.email !== email) return 'no-account' as const;
      const minuteAgo = new Date(now.getTime() - PASSWORD_RESET.minIntervalSeconds * 1000);
      if ((await resets.countCreatedSince(em, account.id, minuteAgo)) > 0) return 'too-soon' as const;
      const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
      if ((await resets.countCreatedSince(em, account.id, dayAgo)) >= PASSWORD_RESET.maxPerDay)
        return 'daily-limit' as const;

      await resets.expireLive(em, account.id, now);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = newId();
      await resets.insert(em, {
        id,
        accountId: account.id,
        codeHash: hashCode(account.id, code),
        attempts: 0,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET.codeValidMinutes * 60_000),
        usedAt: null,
        createdAt: now,
      });
      await enqueue(em, now, {
        event: 'account.password_reset',
        eventId: id,
        channel: 'email',
        recipient: email,
        ...passwordResetCodeEmail({
          username: account.username,
          code,
          validMinutes: PASSWORD_RESET.codeValidMinutes,
          pageUrl: `${config.publicUrl}${FORGOT_PAGE}`,
        }),
      });
      return 'sent' as const;
    });
    // the address stays out of the log; the account id is enough to follow up
    if (outcome === 'too-soon' || outcome === 'daily-limit') {
      logger.info({ accountId: found.id, reason: outcome }, 'password reset code not sent: rate limit');
    }
    return { sent: true };
  }

  /**
   * Checks the code of the newest live request and sets the new password. A wrong code
   * spends one of five tries, and that stays spent whatever happens next.
   */
  async confirm(input: { email: string; code: string; newPassword: string }): Promise<void> {
    const { db, clock, config, loginLimiter } = this.deps;
    const em = db.manager;
    const account = await resets.findAccountByEmail(em, input.email);
    if (!account || account.status !== 'active') throw new DomainError('RESET.CODE_INVALID');
    const row = await resets.latestLive(em, account.id, clock.now());
    if (!row) throw new DomainError('RESET.CODE_INVALID');
    // the try is counted before the comparison, in its own statement (committed whatever follows)
    let tries = row;
    for (;;) {
      if (tries.attempts >= PASSWORD_RESET.maxAttempts) throw new DomainError('RESET.TOO_MANY');
      if (await resets.takeAttempt(em, tries.id, tries.attempts, clock.now())) break;
      // a parallel try took this number, or the code was used or replaced meanwhile
      const current = await resets.findById(em, tries.id);
      if (!current || current.usedAt || current.expiresAt.getTime() <= clock.now().getTime()) {
        throw new DomainError('RESET.CODE_INVALID');
      }
      tries = current;
    }
    if (!sameHash(row.codeHash, hashCode(account.id, input.code))) {
      const spent = tries.attempts + 1 >= PASSWORD_RESET.maxAttempts;
      throw new DomainError(spent ? 'RESET.TOO_MANY' : 'RESET.CODE_INVALID');
    }

    // slow by design: outside the transaction, so no row stays locked while it runs
    const passwordHash = await hashPassword(input.newPassword);
    await db.transaction(async (tx) => {
      const now = clock.now();
      // a newer code, or a parallel confirmation, ended this one meanwhile
      if (!(await resets.markUsed(tx, row.id, now))) throw new DomainError('RESET.CODE_INVALID');
      await accounts.setPassword(tx, account.id, passwordHash, now);
      // whoever knew the old password is signed out everywhere
      await refreshTokens.revokeAllOf(tx, account.id, now);
      await tx.getRepository(AuditLog).insert({
        id: newId(),
        actorId: account.id,
        action: 'account.password_reset',
        targetType: 'account',
        targetId: account.id,
        detail: 'email',
        createdAt: now,
      });
      await this.tellOwner(tx, account, row.id, now, config.publicUrl);
    });
    // wrong passwords typed before the reset no longer hold the user name back
    await loginLimiter.success(account.username);
  }

  private async tellOwner(
    em: EntityManager,
    account: AccountRow,
    resetId: string,
    now: Date,
    appUrl: string,
  ): Promise<void> {
    if (!account.email) return;
    await enqueue(em, now, {
      event: 'account.password_changed',
      eventId: resetId,
      channel: 'email',
      recipient: account.email,
      ...passwordChangedEmail({ username: account.username, appUrl }),
    });
  }
}
