import type { EntityManager } from 'typeorm';
import {
  ADULT_AGE,
  ageOn,
  checkDocument,
  dateInZone,
  DomainError,
  formatVolunteerNumber,
  normalizeDocumentNumber,
  PAGE_SIZE_DEFAULT,
  verificationResultEmail,
  type Page,
  type ProfileUpdateInput,
  type VerificationState,
  type VolunteerDto,
  type VolunteerIdentityInput,
  type VolunteerRegistrationInput,
} from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import { AuditLog, type AccountRow, type VolunteerRow } from '../../db/entities';
import { duplicateKeyOf } from '../../db/errors';
import { newId } from '../../ids';
import { readRawBody } from '../../http/raw-body';
import { adminScopes, assert, canActInRegion, hasRole, isWithinRegionScoped } from '../../policy';
import { sniffImage } from '../../storage';
import { accountsRepository as accounts, refreshTokensRepository } from '../accounts/accounts.repository';
import { AccountsService, type Session } from '../accounts/accounts.service';
import { hashPassword } from '../accounts/passwords';
import type { AuthContext } from '../accounts/tokens';
import { generatePassword } from '../admin/admin.service';
import { enqueue } from '../notifications/outbox.service';
import { regionsRepository } from '../regions/regions.repository';
import { volunteersRepository as volunteers } from './volunteers.repository';
import { presentVolunteer } from './volunteers.presenter';
import type { Context } from 'koa';

export const PHOTO_LIMIT_BYTES = 5 * 1024 * 1024;

const ALREADY_REGISTERED_HINT =
  '您可能已在其他地区、学校或单位参加志愿服务时进行过实名注册。请把证件号码、姓名告知所在志愿团体的管理员，由其重置该账号的密码后登录并更新个人信息；也可在登录页面通过“忘记密码”找回。';
const CONFLICT_HINT = '该证件号码已被两条或以上记录使用，需要清理重复记录，请联系所在地区管理员处理。';

type Identity = Pick<
  VolunteerRegistrationInput,
  'documentType' | 'documentNumber' | 'realName' | 'regionCode' | 'guardian'
>;

/** Real-name registration, verification, profile and the regional admin's volunteer work (V-1 … V-9). */
export class VolunteersService {
  constructor(
    private readonly deps: AppDeps,
    private readonly accountsService: AccountsService,
  ) {}

  private today(): string {
    return dateInZone(this.deps.clock.now(), this.deps.config.timeZone);
  }

  /** V-1: the document is checked, gender and birth date derived, a minor needs a guardian. */
  private checkIdentity(input: Identity) {
    const number = normalizeDocumentNumber(input.documentNumber);
    const check = checkDocument(input.documentType, number, this.today());
    if (!check.ok) {
      throw new DomainError('VOLUNTEER.DOCUMENT_INVALID', {
        message: check.message,
        details: [{ path: 'documentNumber', message: check.message }],
      });
    }
    const minor = check.facts.birthDate !== null && ageOn(check.facts.birthDate, this.today()) < ADULT_AGE;
    if (minor && !input.guardian) {
      throw new DomainError('VOLUNTEER.GUARDIAN_REQUIRED', {
        details: [{ path: 'guardian', message: '请填写监护人姓名和电话，并经监护人同意' }],
      });
    }
    return { number, facts: check.facts, hash: this.deps.personalData.documentHash(input.documentType, number), minor };
  }

  /**
   * V-2, V-3, V-4 inside the transaction: a new record, the activation of an imported one,
   * or a refusal with the national system's wording.
   */
  private async attachIdentity(
    em: EntityManager,
    account: AccountRow,
    input: Identity & { address?: string | undefined; skills: string[]; serviceCategories: string[] },
    identity: ReturnType<VolunteersService['checkIdentity']>,
  ): Promise<VolunteerRow> {
    const now = this.deps.clock.now();
    const existing = await volunteers.findByDocumentHash(em, identity.hash);
    if (existing.length >= 2) throw new DomainError('VOLUNTEER.IDENTITY_CONFLICT', { hint: CONFLICT_HINT });
    const guardian = input.guardian ?? null;
    const personal = {
      gender: identity.facts.gender,
      birthDate: identity.facts.birthDate,
      regionCode: input.regionCode,
      address: input.address ?? null,
      mobile: account.mobile,
      email: account.email,
      skills: JSON.stringify(input.skills),
      serviceCategories: JSON.stringify(input.serviceCategories),
      guardianName: identity.minor && guardian ? guardian.name : null,
      guardianMobile: identity.minor && guardian ? guardian.mobile : null,
      consentAt: now,
      updatedAt: now,
    };
    let row: VolunteerRow;
    const found = existing[0];
    if (found) {
      if (found.accountId) throw new DomainError('VOLUNTEER.ALREADY_REGISTERED', { hint: ALREADY_REGISTERED_HINT });
      if (found.realName !== input.realName) throw new DomainError('VOLUNTEER.IMPORTED_NAME_MISMATCH');
      // V-3: the imported record becomes this person's, keeping its memberships and hours
      if (!(await volunteers.activate(em, found.id, { accountId: account.id, ...personal }))) {
        throw new DomainError('VOLUNTEER.ALREADY_REGISTERED', { hint: ALREADY_REGISTERED_HINT });
      }
      row = { ...found, accountId: account.id, ...personal };
    } else {
      row = {
        id: newId(),
        accountId: account.id,
        realName: input.realName,
        documentType: input.documentType,
        documentNumberEnc: this.deps.personalData.encrypt(identity.number),
        documentHash: identity.hash,
        ...personal,
        volunteerNumber: null,
        verificationState: 'unverified',
        verificationReason: null,
        verificationUpdatedAt: now,
        photoKey: null,
        source: 'registered',
        importJobId: null,
        importedTeamName: null,
        importedMinutes: 0,
        mergedInto: null,
        unitId: null,
        createdAt: now,
      };
      await volunteers.insert(em, row);
    }
    try {
      await volunteers.claimIdentity(em, identity.hash, row.id, now);
    } catch (err) {
      // V-2 under concurrency: another registration of the same document committed first
      if (duplicateKeyOf(err)) throw new DomainError('VOLUNTEER.ALREADY_REGISTERED', { hint: ALREADY_REGISTERED_HINT });
      throw err;
    }
    return row;
  }

  /** POST /api/volunteers: a new account and its real-name registration, then automatic verification. */
  async register(input: VolunteerRegistrationInput): Promise<Session & { volunteer: VolunteerDto }> {
    const { db } = this.deps;
    const identity = this.checkIdentity(input);
    const openid = input.wechatTicket ? this.accountsService.tokens.verifyWechatTicket(input.wechatTicket) : null;
    const passwordHash = await hashPassword(input.password);
    let result: { session: Session; volunteerId: string };
    try {
      result = await db.transaction(async (em) => {
        if (await accounts.usernameExists(em, input.username)) throw new DomainError('ACCOUNT.USERNAME_TAKEN');
        if (input.email && (await accounts.emailExists(em, input.email))) throw new DomainError('ACCOUNT.EMAIL_TAKEN');
        if (input.mobile && (await accounts.mobileExists(em, input.mobile)))
          throw new DomainError('ACCOUNT.MOBILE_TAKEN');
        const region = await regionsRepository.findByCode(em, input.regionCode);
        if (!region) throw new DomainError('REGION.NOT_FOUND');
        const account = await this.accountsService.createAccount(em, {
          username: input.username,
          passwordHash,
          email: input.email ?? null,
          mobile: input.mobile ?? null,
          regionCode: input.regionCode,
          regionName: region.name,
          openid,
        });
        const volunteer = await this.attachIdentity(em, account, input, identity);
        return { session: await this.accountsService.openSession(em, account), volunteerId: volunteer.id };
      });
    } catch (err) {
      throw AccountsService.duplicateError(err) ?? err;
    }
    const volunteer = await this.autoVerify(result.volunteerId);
    return { ...result.session, volunteer };
  }

  /** POST /api/me/volunteer: real-name registration for an account that has none yet. */
  async registerForAccount(auth: AuthContext, input: VolunteerIdentityInput): Promise<VolunteerDto> {
    const { db } = this.deps;
    const identity = this.checkIdentity(input);
    const volunteerId = await db.transaction(async (em) => {
      const account = await accounts.findById(em, auth.accountId);
      if (!account) throw new DomainError('AUTH.TOKEN_INVALID');
      if (await volunteers.findByAccountId(em, account.id))
        throw new DomainError('VOLUNTEER.ALREADY_REGISTERED', { message: '您已经完成志愿者实名注册' });
      if (!(await regionsRepository.findByCode(em, input.regionCode))) throw new DomainError('REGION.NOT_FOUND');
      return (await this.attachIdentity(em, account, input, identity)).id;
    });
    return this.autoVerify(volunteerId);
  }

  /** V-5: the identity source decides at once; failing lets the volunteer upload a photo. */
  private async autoVerify(volunteerId: string): Promise<VolunteerDto> {
    const { db, verifier, personalData, logger } = this.deps;
    const row = await volunteers.findById(db.manager, volunteerId);
    if (!row) throw new DomainError('VOLUNTEER.NOT_FOUND');
    if (row.verificationState === 'unverified') {
      let outcome: { ok: true } | { ok: false; reason: string };
      try {
        outcome = await verifier.verify({
          documentType: row.documentType,
          documentNumber: personalData.decrypt(row.documentNumberEnc),
          realName: row.realName,
          today: this.today(),
        });
      } catch (err) {
        // the identity source is down: the record stays unverified and can be retried
        logger.warn({ err: (err as Error).message, volunteerId }, 'identity verifier failed');
        return this.present(db.manager, row);
      }
      if (outcome.ok) await this.markVerified(row.id, null);
      else await this.markFailed(row.id, 'failed', outcome.reason, null);
    }
    return this.present(db.manager, (await volunteers.findById(db.manager, volunteerId))!);
  }

  /** V-6: verification assigns the volunteer number, in the transaction that verifies. */
  private async markVerified(volunteerId: string, actorId: string | null): Promise<void> {
    const { db, clock } = this.deps;
    const current = await volunteers.findById(db.manager, volunteerId);
    if (!current) return;
    await volunteers.ensureSequence(db.manager, `volunteer_no:${current.regionCode}`);
    await db.transaction(async (em) => {
      const row = await volunteers.findById(em, volunteerId);
      if (!row || row.verificationState === 'verified') return;
      if (row.regionCode !== current.regionCode) await volunteers.ensureSequence(em, `volunteer_no:${row.regionCode}`);
      const serial = await volunteers.nextSequence(em, `volunteer_no:${row.regionCode}`);
      const volunteerNumber = formatVolunteerNumber(row.regionCode, serial);
      const now = clock.now();
      await volunteers.update(em, row.id, {
        verificationState: 'verified',
        verificationReason: null,
        verificationUpdatedAt: now,
        volunteerNumber,
        updatedAt: now,
      });
      if (actorId) await this.audit(em, actorId, 'volunteer.verify', row.id, null);
      await this.notifyResult(em, { ...row, volunteerNumber }, true, null);
    });
  }

  private async markFailed(
    volunteerId: string,
    state: Extract<VerificationState, 'failed' | 'rejected'>,
    reason: string,
    actorId: string | null,
  ): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction(async (em) => {
      const row = await volunteers.findById(em, volunteerId);
      if (!row) return;
      const now = clock.now();
      await volunteers.update(em, row.id, {
        verificationState: state,
        verificationReason: reason,
        verificationUpdatedAt: now,
        updatedAt: now,
      });
      if (actorId) await this.audit(em, actorId, 'volunteer.reject', row.id, reason);
      await this.notifyResult(em, row, false, reason);
    });
  }

  /** The bot tells the volunteer of the result: e-mail, and a mini-program message when subscribed. */
  private async notifyResult(
    em: EntityManager,
    row: VolunteerRow,
    verified: boolean,
    reason: string | null,
  ): Promise<void> {
    const { config, clock } = this.deps;
    const account = row.accountId ? await accounts.findById(em, row.accountId) : null;
    if (!account) return;
    const now = clock.now();
    // each decision is its own event (a rejected volunteer may be rejected again later)
    const eventId = newId();
    const message = verificationResultEmail({
      realName: row.realName,
      verified,
      volunteerNumber: row.volunteerNumber,
      reason,
      appUrl: config.publicUrl,
    });
    if (account.email) {
      await enqueue(em, now, {
        event: 'volunteer.verification',
        eventId,
        channel: 'email',
        recipient: account.email,
        ...message,
      });
    }
    if (account.wechatOpenid && config.wechat.templates.verification) {
      await enqueue(em, now, {
        event: 'volunteer.verification',
        eventId,
        channel: 'wechat',
        recipient: account.wechatOpenid,
        ...message,
        wechat: {
          templateId: config.wechat.templates.verification,
          page: 'pages/mine/index',
          data: {
            phrase1: { value: verified ? '已通过' : '未通过' },
            thing2: { value: (verified ? `编号${row.volunteerNumber}` : (reason ?? '请上传证件照片')).slice(0, 20) },
          },
        },
      });
    }
  }

  async mine(auth: AuthContext): Promise<VolunteerDto> {
    const row = await volunteers.findByAccountId(this.deps.db.manager, auth.accountId);
    if (!row) throw new DomainError('VOLUNTEER.NOT_A_VOLUNTEER');
    return this.present(this.deps.db.manager, row);
  }

  /** V-7: contact details always; the real name only before verification; the user name never. */
  async updateMine(auth: AuthContext, input: ProfileUpdateInput): Promise<VolunteerDto> {
    const { db, clock } = this.deps;
    try {
      await db.transaction(async (em) => {
        const row = await volunteers.findByAccountId(em, auth.accountId);
        if (!row) throw new DomainError('VOLUNTEER.NOT_A_VOLUNTEER');
        if (input.realName !== undefined && input.realName !== row.realName && row.verificationState === 'verified') {
          throw new DomainError('VOLUNTEER.NAME_LOCKED');
        }
        if (input.regionCode && !(await regionsRepository.findByCode(em, input.regionCode)))
          throw new DomainError('REGION.NOT_FOUND');
        const now = clock.now();
        const account = (await accounts.findById(em, auth.accountId))!;
        const accountChange: Partial<AccountRow> = {};
        if (input.email !== undefined && input.email !== account.email) {
          if (input.email && (await accounts.emailExists(em, input.email)))
            throw new DomainError('ACCOUNT.EMAIL_TAKEN');
          accountChange.email = input.email;
        }
        if (input.mobile !== undefined && input.mobile !== account.mobile) {
          if (input.mobile && (await accounts.mobileExists(em, input.mobile)))
            throw new DomainError('ACCOUNT.MOBILE_TAKEN');
          accountChange.mobile = input.mobile;
        }
        const email = accountChange.email !== undefined ? accountChange.email : account.email;
        const mobile = accountChange.mobile !== undefined ? accountChange.mobile : account.mobile;
        if (!email && !mobile) throw new DomainError('ACCOUNT.CONTACT_REQUIRED');
        if (input.regionCode) accountChange.regionCode = input.regionCode;
        if (Object.keys(accountChange).length)
          await accounts.update(em, account.id, { ...accountChange, updatedAt: now });
        await volunteers.update(em, row.id, {
          ...(input.realName !== undefined ? { realName: input.realName } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
          ...(input.regionCode ? { regionCode: input.regionCode } : {}),
          ...(input.skills ? { skills: JSON.stringify(input.skills) } : {}),
          ...(input.serviceCategories ? { serviceCategories: JSON.stringify(input.serviceCategories) } : {}),
          email,
          mobile,
          updatedAt: now,
        });
      });
    } catch (err) {
      throw AccountsService.duplicateError(err) ?? err;
    }
    return this.mine(auth);
  }

  /** V-5: a photo of the document, checked by content, for manual verification. */
  async uploadPhoto(auth: AuthContext, ctx: Context): Promise<VolunteerDto> {
    const { db, storage, clock } = this.deps;
    const row = await volunteers.findByAccountId(db.manager, auth.accountId);
    if (!row) throw new DomainError('VOLUNTEER.NOT_A_VOLUNTEER');
    if (row.verificationState !== 'failed' && row.verificationState !== 'rejected') {
      throw new DomainError('VERIFICATION.NOT_ALLOWED', {
        message:
          row.verificationState === 'verified'
            ? '您已通过实名认证，无需上传证件照片'
            : '证件照片已提交，请等待管理员人工认证',
      });
    }
    const data = await readRawBody(ctx, PHOTO_LIMIT_BYTES, 'VERIFICATION.PHOTO_TOO_LARGE');
    const type = sniffImage(data);
    if (!type) throw new DomainError('VERIFICATION.PHOTO_INVALID');
    const key = `verification/${row.id}/${newId()}.${type === 'image/png' ? 'png' : 'jpg'}`;
    await storage.put(key, data);
    const now = clock.now();
    await volunteers.update(db.manager, row.id, {
      photoKey: key,
      verificationState: 'manual_review',
      verificationReason: null,
      verificationUpdatedAt: now,
      updatedAt: now,
    });
    return this.mine(auth);
  }

  // ---- regional admins (A-6) ----

  async list(
    auth: AuthContext,
    query: { q?: string | undefined; state?: VerificationState | undefined; page: number; pageSize?: number },
  ): Promise<Page<VolunteerDto>> {
    assert(canAdminVolunteers(auth));
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const em = this.deps.db.manager;
    const q = query.q?.trim();
    const documentHash =
      q && q.length >= 6 ? this.deps.personalData.documentHash('resident_id', normalizeDocumentNumber(q)) : undefined;
    const [rows, total] = await volunteers.page(
      em,
      {
        scopes: adminScopes(auth),
        ...(query.state ? { state: query.state } : {}),
        ...(q ? { q } : {}),
        ...(documentHash ? { documentHash } : {}),
      },
      (query.page - 1) * pageSize,
      pageSize,
    );
    const items = await Promise.all(rows.map((r) => this.present(em, r)));
    return { items, total, page: query.page, pageSize };
  }

  /** One volunteer; the document number unmasked for a regional admin of the volunteer's region, and audited. */
  async get(auth: AuthContext, id: string): Promise<VolunteerDto> {
    const { db } = this.deps;
    const row = await this.scopedRow(auth, id);
    const unmask = isWithinRegionScoped(auth, row.regionCode);
    if (unmask) await this.audit(db.manager, auth.accountId, 'volunteer.read_document', row.id, null);
    return this.present(db.manager, row, unmask);
  }

  async photo(auth: AuthContext, id: string): Promise<{ data: Buffer; type: string }> {
    const row = await this.scopedRow(auth, id);
    if (!row.photoKey) throw new DomainError('VERIFICATION.PHOTO_MISSING');
    const data = await this.deps.storage.get(row.photoKey);
    if (!data) throw new DomainError('VERIFICATION.PHOTO_MISSING');
    await this.audit(this.deps.db.manager, auth.accountId, 'volunteer.read_photo', row.id, null);
    return { data, type: sniffImage(data) ?? 'application/octet-stream' };
  }

  async decide(
    auth: AuthContext,
    id: string,
    decision: { decision: 'verify' } | { decision: 'reject'; reason: string },
  ): Promise<VolunteerDto> {
    const row = await this.scopedRow(auth, id);
    if (row.verificationState === 'verified')
      throw new DomainError('VERIFICATION.NOT_ALLOWED', { message: '该志愿者已通过实名认证' });
    if (decision.decision === 'verify') await this.markVerified(row.id, auth.accountId);
    else {
      if (row.verificationState !== 'manual_review')
        throw new DomainError('VERIFICATION.NOT_ALLOWED', {
          message: '只能对已上传证件照片、等待人工认证的志愿者作出不通过决定',
        });
      await this.markFailed(row.id, 'rejected', decision.reason, auth.accountId);
    }
    return this.present(this.deps.db.manager, (await volunteers.findById(this.deps.db.manager, id))!);
  }

  /** V-7: a regional admin freezes an account; a frozen account cannot log in, its sessions end. */
  async setFrozen(auth: AuthContext, id: string, frozen: boolean): Promise<VolunteerDto> {
    const { db, clock } = this.deps;
    const row = await this.scopedRow(auth, id);
    if (!row.accountId)
      throw new DomainError('REQUEST.INVALID', { message: '该记录尚未被本人注册激活，没有可冻结的账号' });
    await db.transaction(async (em) => {
      const now = clock.now();
      await accounts.update(em, row.accountId!, { status: frozen ? 'frozen' : 'active', updatedAt: now });
      if (frozen) await refreshTokensRepository.revokeAllOf(em, row.accountId!, now);
      await this.audit(em, auth.accountId, frozen ? 'account.freeze' : 'account.unfreeze', row.id, null);
    });
    return this.present(db.manager, row);
  }

  /** V-9: an admin resets the password of a volunteer who lost their user name or contact. */
  async resetPassword(auth: AuthContext, id: string): Promise<{ password: string }> {
    const { db, clock } = this.deps;
    const row = await this.scopedRow(auth, id);
    if (!row.accountId)
      throw new DomainError('REQUEST.INVALID', { message: '该记录尚未被本人注册激活，没有可重置的账号' });
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await db.transaction(async (em) => {
      const now = clock.now();
      await accounts.setPassword(em, row.accountId!, passwordHash, now);
      await refreshTokensRepository.revokeAllOf(em, row.accountId!, now);
      await this.audit(em, auth.accountId, 'account.password_reset_by_admin', row.id, null);
    });
    return { password };
  }

  private async scopedRow(auth: AuthContext, id: string): Promise<VolunteerRow> {
    assert(canAdminVolunteers(auth));
    const row = await volunteers.findById(this.deps.db.manager, id);
    if (!row) throw new DomainError('VOLUNTEER.NOT_FOUND');
    assert(canActInRegion(auth, row.regionCode));
    return row;
  }

  private async present(em: EntityManager, row: VolunteerRow, unmask = false): Promise<VolunteerDto> {
    const [account, region] = await Promise.all([
      row.accountId ? accounts.findById(em, row.accountId) : Promise.resolve(null),
      regionsRepository.findByCode(em, row.regionCode),
    ]);
    return presentVolunteer(row, {
      personalData: this.deps.personalData,
      account,
      regionName: region?.name ?? null,
      unmask,
    });
  }

  private async audit(
    em: EntityManager,
    actorId: string,
    action: string,
    volunteerId: string,
    detail: string | null,
  ): Promise<void> {
    await em.getRepository(AuditLog).insert({
      id: newId(),
      actorId,
      action,
      targetType: 'volunteer',
      targetId: volunteerId,
      detail,
      createdAt: this.deps.clock.now(),
    });
  }
}

export const canAdminVolunteers = (auth: AuthContext): boolean =>
  hasRole(auth, 'regional_admin') || hasRole(auth, 'system_admin');
