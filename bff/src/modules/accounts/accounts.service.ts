import type { EntityManager } from 'typeorm';
import {
  DomainError,
  newAccountGroupMessage,
  welcomeEmail,
  type LoginInput,
  type MeDto,
  type RegisterInput,
  type TokenPair,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { AccountRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';
import { newId, randomToken, sha256 } from '../../ids';
import { enqueue } from '../notifications/outbox.service';
import { regionsRepository } from '../regions/regions.repository';
import { accountsRepository as accounts, refreshTokensRepository as refreshTokens } from './accounts.repository';
import { presentMe, presentRoles } from './accounts.presenter';
import { hashPassword, verifyPassword } from './passwords';
import type { TokenService } from './tokens';

export interface Session {
  user: MeDto;
  tokens: TokenPair;
}

const DUPLICATE_TO_ERROR: Array<[RegExp, 'ACCOUNT.USERNAME_TAKEN' | 'ACCOUNT.EMAIL_TAKEN' | 'ACCOUNT.MOBILE_TAKEN']> = [
  [/username/, 'ACCOUNT.USERNAME_TAKEN'],
  [/email/, 'ACCOUNT.EMAIL_TAKEN'],
  [/mobile/, 'ACCOUNT.MOBILE_TAKEN'],
];

/** Accounts and sessions: sign-up, password and WeChat login, refresh, logout. */
export class AccountsService {
  constructor(
    private readonly deps: AppDeps,
    readonly tokens: TokenService,
  ) {}

  async register(input: RegisterInput): Promise<Session> {
    const { db } = this.deps;
    const openid = input.wechatTicket ? this.tokens.verifyWechatTicket(input.wechatTicket) : null;
    const passwordHash = await hashPassword(input.password);
    try {
      return await db.transaction(async (em) => {
        if (await accounts.usernameExists(em, input.username)) throw new DomainError('ACCOUNT.USERNAME_TAKEN');
        if (input.email && (await accounts.emailExists(em, input.email))) throw new DomainError('ACCOUNT.EMAIL_TAKEN');
        if (input.mobile && (await accounts.mobileExists(em, input.mobile)))
          throw new DomainError('ACCOUNT.MOBILE_TAKEN');
        const region = input.regionCode ? await regionsRepository.findByCode(em, input.regionCode) : null;
        if (input.regionCode && !region) throw new DomainError('REGION.NOT_FOUND');
        const account = await this.createAccount(em, {
          username: input.username,
          passwordHash,
          email: input.email ?? null,
          mobile: input.mobile ?? null,
          regionCode: input.regionCode ?? null,
          regionName: region?.name ?? null,
          openid,
        });
        return this.openSession(em, account);
      });
    } catch (err) {
      throw AccountsService.duplicateError(err) ?? err;
    }
  }

  async login(input: LoginInput, ip: string): Promise<Session> {
    const { db, loginLimiter } = this.deps;
    const username = input.username.toLowerCase();
    await loginLimiter.check(username, ip);
    const account = await accounts.findByUsername(db.manager, username);
    const ok = await verifyPassword(account?.passwordHash ?? null, input.password);
    if (!account || !ok) {
      await loginLimiter.failure(username, ip);
      throw new DomainError('AUTH.BAD_CREDENTIALS');
    }
    if (account.status === 'frozen') throw new DomainError('AUTH.ACCOUNT_FROZEN');
    await loginLimiter.success(username);
    const openid = input.wechatTicket ? this.tokens.verifyWechatTicket(input.wechatTicket) : null;
    return db.transaction(async (em) => {
      if (openid && !account.wechatOpenid && !(await accounts.findByWechatOpenid(em, openid))) {
        await accounts.bindWechat(em, account.id, openid, this.deps.clock.now());
        account.wechatOpenid = openid;
      }
      return this.openSession(em, account);
    });
  }

  /** WeChat mini-program login: a bound openid signs in; an unbound one gets a ticket to bind on sign-up or login. */
  async loginWithWechat(code: string): Promise<({ bound: true } & Session) | { bound: false; wechatTicket: string }> {
    const { db, wechat } = this.deps;
    const { openid } = await wechat.code2Session(code);
    const account = await accounts.findByWechatOpenid(db.manager, openid);
    if (!account) return { bound: false, wechatTicket: this.tokens.signWechatTicket(openid) };
    if (account.status === 'frozen') throw new DomainError('AUTH.ACCOUNT_FROZEN');
    return { bound: true, ...(await db.transaction((em) => this.openSession(em, account))) };
  }

  /**
   * Rotates a refresh token: the old one is revoked and a new pair issued. A token used
   * twice means it leaked, so every session of the account is closed.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { db, clock } = this.deps;
    type Outcome =
      { error: 'AUTH.TOKEN_INVALID' | 'AUTH.TOKEN_EXPIRED' | 'AUTH.ACCOUNT_FROZEN' } | { tokens: TokenPair };
    const outcome = await db.transaction(async (em): Promise<Outcome> => {
      const now = clock.now();
      const row = await refreshTokens.findByHash(em, sha256(refreshToken));
      if (!row) return { error: 'AUTH.TOKEN_INVALID' };
      if (row.expiresAt.getTime() <= now.getTime()) return { error: 'AUTH.TOKEN_EXPIRED' };
      if (row.revokedAt || !(await refreshTokens.revokeIfLive(em, row.id, now))) {
        // committed, not rolled back with the refusal
        await refreshTokens.revokeAllOf(em, row.accountId, now);
        return { error: 'AUTH.TOKEN_INVALID' };
      }
      const account = await accounts.findById(em, row.accountId);
      if (!account) return { error: 'AUTH.TOKEN_INVALID' };
      if (account.status === 'frozen') return { error: 'AUTH.ACCOUNT_FROZEN' };
      return { tokens: (await this.openSession(em, account)).tokens };
    });
    if ('error' in outcome) throw new DomainError(outcome.error);
    return outcome.tokens;
  }

  async logout(refreshToken: string): Promise<void> {
    const { db, clock } = this.deps;
    const row = await refreshTokens.findByHash(db.manager, sha256(refreshToken));
    if (row) await refreshTokens.revokeIfLive(db.manager, row.id, clock.now());
  }

  async me(accountId: string): Promise<MeDto> {
    const { db } = this.deps;
    const account = await accounts.findById(db.manager, accountId);
    if (!account) throw new DomainError('AUTH.TOKEN_INVALID');
    if (account.status === 'frozen') throw new DomainError('AUTH.ACCOUNT_FROZEN');
    return presentMe(account, await accounts.rolesOf(db.manager, accountId));
  }

  /**
   * Inserts an account with the volunteer role and queues its welcome messages, inside the
   * caller's transaction (sign-up here, real-name registration in the volunteers area).
   */
  async createAccount(
    em: EntityManager,
    input: {
      username: string;
      passwordHash: string;
      email: string | null;
      mobile: string | null;
      regionCode: string | null;
      regionName: string | null;
      openid: string | null;
    },
  ): Promise<AccountRow> {
    const { clock, config } = this.deps;
    const now = clock.now();
    const account: AccountRow = {
      id: newId(),
      username: input.username,
      passwordHash: input.passwordHash,
      email: input.email,
      mobile: input.mobile,
      regionCode: input.regionCode,
      wechatOpenid: input.openid && !(await accounts.findByWechatOpenid(em, input.openid)) ? input.openid : null,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await accounts.insert(em, account);
    await accounts.insertRole(em, {
      id: newId(),
      accountId: account.id,
      role: 'volunteer',
      regionCode: null,
      createdAt: now,
    });
    if (account.email) {
      await enqueue(em, now, {
        event: 'account.registered',
        eventId: account.id,
        channel: 'email',
        recipient: account.email,
        ...welcomeEmail({ username: account.username, appUrl: config.publicUrl }),
      });
    }
    if (config.groupRobot.url) {
      await enqueue(em, now, {
        event: 'account.registered',
        eventId: account.id,
        channel: config.groupRobot.kind,
        recipient: config.groupRobot.url,
        ...newAccountGroupMessage({ username: account.username, regionName: input.regionName }),
      });
    }
    return account;
  }

  /** Maps a unique-index violation of the accounts table to its refusal. */
  static duplicateError(err: unknown): DomainError | null {
    const key = duplicateKeyOf(err);
    const mapped = key && DUPLICATE_TO_ERROR.find(([re]) => re.test(key));
    return mapped ? new DomainError(mapped[1]) : null;
  }

  async openSession(em: EntityManager, account: AccountRow): Promise<Session> {
    const { clock, config } = this.deps;
    const now = clock.now();
    const roles = await accounts.rolesOf(em, account.id);
    const access = this.tokens.signAccess({
      accountId: account.id,
      username: account.username,
      roles: presentRoles(roles),
    });
    const refreshToken = randomToken();
    await refreshTokens.insert(em, {
      id: newId(),
      accountId: account.id,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(now.getTime() + config.auth.refreshTokenTtl * 1000),
      revokedAt: null,
      createdAt: now,
    });
    return {
      user: presentMe(account, roles),
      tokens: { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, tokenType: 'Bearer' },
    };
  }
}
