import {
  DomainError,
  maskDocumentNumber,
  PAGE_SIZE_DEFAULT,
  type IdentityConflictDto,
  type Page,
  type VolunteerDto,
} from '@zhiyuan/shared';
import type { z } from 'zod';
import type { mergeSchema } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import { dialectOf } from '../../db/data-source';
import type { VolunteerRow } from '../../db/entities';
import { newId } from '../../ids';
import { adminScopes, assert, canAdministerVolunteer, isAnyAdmin } from '../../policy';
import type { AuthContext } from '../accounts/tokens';
import { volunteersRepository } from '../volunteers/volunteers.repository';
import { presentVolunteer } from '../volunteers/volunteers.presenter';
import { conflictsRepository as conflicts } from './conflicts.repository';

export type MergeInput = z.infer<typeof mergeSchema>;

const refuse = (message?: string) => new DomainError('MERGE.INVALID', message ? { message } : {});

/**
 * What a registered record brings along when its account moves to the kept record: the
 * person's registration, verification and volunteer number (V-5, V-6: the number never
 * changes), and contact details the kept record lacks. A verified name is the person's
 * real name; otherwise the kept record's name stays.
 */
function registrationOf(donor: VolunteerRow, keep: VolunteerRow): Partial<VolunteerRow> {
  return {
    accountId: donor.accountId,
    realName: donor.verificationState === 'verified' ? donor.realName : keep.realName,
    volunteerNumber: keep.volunteerNumber ?? donor.volunteerNumber,
    verificationState: donor.verificationState,
    verificationReason: donor.verificationReason,
    verificationUpdatedAt: donor.verificationUpdatedAt,
    consentAt: donor.consentAt,
    photoKey: donor.photoKey ?? keep.photoKey,
    guardianName: donor.guardianName,
    guardianMobile: donor.guardianMobile,
    mobile: keep.mobile ?? donor.mobile,
    email: keep.email ?? donor.email,
    address: keep.address ?? donor.address,
    skills: keep.skills === '[]' ? donor.skills : keep.skills,
    serviceCategories: keep.serviceCategories === '[]' ? donor.serviceCategories : keep.serviceCategories,
    unitId: keep.unitId ?? donor.unitId,
  };
}

/** Conflicting records of one document (V-4) and their merge by a regional admin. */
export class ConflictsService {
  constructor(private readonly deps: AppDeps) {}

  /** Documents found on two or more live records, where any of them lies in the admin's regions. */
  async list(auth: AuthContext, page: number, pageSize = PAGE_SIZE_DEFAULT): Promise<Page<IdentityConflictDto>> {
    assert(isAnyAdmin(auth));
    const { db, personalData } = this.deps;
    const em = db.manager;
    const { hashes, total } = await conflicts.page(em, adminScopes(auth), (page - 1) * pageSize, pageSize);
    const rows = await conflicts.liveRecordsOf(em, hashes);
    const accounts = new Map(
      (await conflicts.accounts(em, [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))])).map((a) => [
        a.id,
        a,
      ]),
    );
    const regionNames = await conflicts.regionNames(em, [...new Set(rows.map((r) => r.regionCode))]);
    const byHash = new Map<string, VolunteerRow[]>();
    for (const r of rows) byHash.set(r.documentHash, [...(byHash.get(r.documentHash) ?? []), r]);
    const items: IdentityConflictDto[] = [];
    for (const hash of hashes) {
      const records = byHash.get(hash) ?? [];
      // merged between the two queries: no longer a conflict
      if (records.length < 2) continue;
      items.push({
        key: hash,
        documentType: records[0]!.documentType,
        documentNumber: maskDocumentNumber(personalData.decrypt(records[0]!.documentNumberEnc))!,
        records: records.map((r) =>
          presentVolunteer(r, {
            personalData,
            account: r.accountId ? (accounts.get(r.accountId) ?? null) : null,
            regionName: regionNames.get(r.regionCode) ?? null,
          }),
        ),
      });
    }
    return { items, total, page, pageSize };
  }

  /**
   * Merges records of one document into the kept one (V-4, A-6), in one transaction: the
   * others point at it (`merged_into`) and are never deleted; their imported hours are added
   * to it (H-7); an account on a merged record moves to the kept one with its identity claim.
   * At most one of the records may carry an account.
   */
  async merge(auth: AuthContext, input: MergeInput): Promise<VolunteerDto> {
    assert(isAnyAdmin(auth));
    const { db, clock, personalData } = this.deps;
    const mergeIds = [...new Set(input.mergeIds)];
    if (mergeIds.includes(input.keepId)) throw refuse('保留的记录不能同时作为被合并的记录');
    const result = await db.transaction(async (em) => {
      // two admins merging the same records: the second waits here, then finds them merged
      const rows = await conflicts.recordsForMerge(em, [input.keepId, ...mergeIds], dialectOf(db) === 'mysql');
      const byId = new Map(rows.map((r) => [r.id, r]));
      const keep = byId.get(input.keepId);
      if (!keep) throw refuse('要保留的记录不存在，请刷新后重试');
      assert(canAdministerVolunteer(auth, keep.regionCode));
      const merged = mergeIds.map((id) => byId.get(id));
      if (merged.some((m) => !m)) throw refuse('要合并的记录不存在，请刷新后重试');
      const others = merged as VolunteerRow[];
      if ([keep, ...others].some((r) => r.mergedInto !== null)) throw refuse('有记录已经被合并过，请刷新后重试');
      if (others.some((m) => m.documentHash !== keep.documentHash)) throw refuse();

      const withAccount = others.filter((m) => m.accountId !== null);
      if (withAccount.length > 1) throw refuse('两条记录都已关联账号，请保留其中一条已关联账号的记录');
      if (keep.accountId && withAccount.length > 0) {
        throw refuse('被合并的记录也已关联账号：两个账号不能合并为一条记录，请先核实哪个账号是重复注册的');
      }
      const donor = keep.accountId ? null : (withAccount[0] ?? null);

      const now = clock.now();
      const addedMinutes = others.reduce((sum, m) => sum + m.importedMinutes, 0);
      // the merged records first: that frees the account and the volunteer number (unique) for the kept one
      for (const m of others) {
        const change: Partial<VolunteerRow> = { mergedInto: keep.id, updatedAt: now };
        if (m === donor) {
          change.accountId = null;
          if (!keep.volunteerNumber) change.volunteerNumber = null;
        }
        await conflicts.update(em, m.id, change);
      }
      const keepChange: Partial<VolunteerRow> = {
        importedMinutes: keep.importedMinutes + addedMinutes,
        importedTeamName: keep.importedTeamName ?? others.find((m) => m.importedTeamName)?.importedTeamName ?? null,
        updatedAt: now,
        ...(donor ? registrationOf(donor, keep) : {}),
      };
      await conflicts.update(em, keep.id, keepChange);
      // V-2: the claim on this document now names the record that holds the account
      if (donor) await volunteersRepository.moveClaim(em, keep.documentHash, keep.id);
      await conflicts.audit(em, {
        id: newId(),
        actorId: auth.accountId,
        action: 'volunteers.merge',
        targetType: 'volunteer',
        targetId: keep.id,
        detail: JSON.stringify({ mergedIds: mergeIds, addedMinutes, accountMovedFrom: donor?.id ?? null }),
        createdAt: now,
      });
      return { ...keep, ...keepChange } as VolunteerRow;
    });
    const account = result.accountId ? ((await conflicts.accounts(db.manager, [result.accountId]))[0] ?? null) : null;
    const regionName = (await conflicts.regionNames(db.manager, [result.regionCode])).get(result.regionCode) ?? null;
    return presentVolunteer(result, { personalData, account, regionName });
  }
}
