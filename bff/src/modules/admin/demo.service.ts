import { randomInt } from 'node:crypto';
import { checkDocument, dateInZone, formatVolunteerNumber, gb11643CheckChar } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import { grantTeamAdminRole } from '../teams/teams.policy';
import { teamsRepository } from '../teams/teams.repository';
import { volunteersRepository } from '../volunteers/volunteers.repository';
import { newId } from '../../ids';
import { accountsRepository as accounts } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/passwords';
import { generatePassword } from './admin.service';

export interface DemoAccount {
  label: string;
  username: string;
  password: string;
}

/** The demo region: 北京市东城区, with its volunteers and a team. Later issues add projects and hours here. */
export const DEMO_REGION = '110101';

const DEMO_ACCOUNTS: Array<{
  label: string;
  username: string;
  role: 'regional_admin' | 'volunteer';
  regionCode: string | null;
  realName?: string;
  birth?: string;
}> = [
  { label: '东城区管理部门', username: 'demo_dongcheng', role: 'regional_admin', regionCode: DEMO_REGION },
  {
    label: '志愿者',
    username: 'demo_volunteer',
    role: 'volunteer',
    regionCode: null,
    realName: '陈小雨',
    birth: '19990412',
  },
  {
    label: '志愿服务队管理员',
    username: 'demo_teamadmin',
    role: 'volunteer',
    regionCode: null,
    realName: '刘志强',
    birth: '19850101',
  },
];

const DEMO_TEAM = '东城区社区志愿服务队';

/**
 * Fills the embedded database with a demo region so a newcomer sees a living product.
 * Passwords are generated, never fixed; accounts that exist are left as they are.
 */
export async function seedDemo(deps: AppDeps): Promise<DemoAccount[]> {
  const created: DemoAccount[] = [];
  for (const d of DEMO_ACCOUNTS) {
    if (await accounts.findByUsername(deps.db.manager, d.username)) continue;
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await deps.db.transaction(async (em) => {
      const now = deps.clock.now();
      const id = newId();
      await accounts.insert(em, {
        id,
        username: d.username,
        passwordHash,
        email: null,
        mobile: null,
        regionCode: DEMO_REGION,
        wechatOpenid: null,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      });
      await accounts.insertRole(em, {
        id: newId(),
        accountId: id,
        role: 'volunteer',
        regionCode: null,
        createdAt: now,
      });
      if (d.role !== 'volunteer') {
        await accounts.insertRole(em, {
          id: newId(),
          accountId: id,
          role: d.role,
          regionCode: d.regionCode,
          createdAt: now,
        });
      }
    });
    created.push({ label: d.label, username: d.username, password });
  }
  await seedDemoVolunteersAndTeam(deps);
  return created;
}

/** A valid resident ID (GB 11643) of the demo region, with a random serial. */
function demoResidentId(birth: string): string {
  const body = `${DEMO_REGION}${birth}${String(randomInt(100, 999))}`;
  return body + gb11643CheckChar(body);
}

/**
 * The demo volunteers, verified with their numbers (V-6), and an approved team of the demo
 * region that is authorized as a liaison team (T-2), run by demo_teamadmin, with
 * demo_volunteer as a member and join requests reviewed (T-6).
 */
async function seedDemoVolunteersAndTeam(deps: AppDeps): Promise<void> {
  const { db, clock, personalData } = deps;
  const em = db.manager;
  const ids: Record<string, { accountId: string; volunteerId: string }> = {};
  for (const d of DEMO_ACCOUNTS) {
    const { realName, birth } = d;
    if (!realName || !birth) continue;
    const account = await accounts.findByUsername(em, d.username);
    if (!account) continue;
    const existing = await volunteersRepository.findByAccountId(em, account.id);
    if (existing) {
      ids[d.username] = { accountId: account.id, volunteerId: existing.id };
      continue;
    }
    const number = demoResidentId(birth);
    const facts = checkDocument('resident_id', number, dateInZone(clock.now(), deps.config.timeZone));
    if (!facts.ok) continue;
    await volunteersRepository.ensureSequence(em, `volunteer_no:${DEMO_REGION}`);
    const volunteerId = newId();
    await db.transaction(async (tx) => {
      const now = clock.now();
      const serial = await volunteersRepository.nextSequence(tx, `volunteer_no:${DEMO_REGION}`);
      await volunteersRepository.insert(tx, {
        id: volunteerId,
        accountId: account.id,
        realName,
        documentType: 'resident_id',
        documentNumberEnc: personalData.encrypt(number),
        documentHash: personalData.documentHash('resident_id', number),
        gender: facts.facts.gender,
        birthDate: facts.facts.birthDate,
        regionCode: DEMO_REGION,
        address: null,
        mobile: null,
        email: null,
        skills: '["应急救护"]',
        serviceCategories: '["社区服务"]',
        guardianName: null,
        guardianMobile: null,
        consentAt: now,
        volunteerNumber: formatVolunteerNumber(DEMO_REGION, serial),
        verificationState: 'verified',
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
        updatedAt: now,
      });
      await volunteersRepository.claimIdentity(tx, personalData.documentHash('resident_id', number), volunteerId, now);
    });
    ids[d.username] = { accountId: account.id, volunteerId };
  }
  const admin = ids.demo_teamadmin;
  if (!admin || (await teamsRepository.nameTaken(em, DEMO_REGION, DEMO_TEAM))) return;
  await db.transaction(async (tx) => {
    const now = clock.now();
    const teamId = newId();
    await teamsRepository.insert(tx, {
      id: teamId,
      name: DEMO_TEAM,
      regionCode: DEMO_REGION,
      registrationStatus: 'unregistered',
      creditCode: null,
      certificateKey: null,
      liaisonTeamId: null,
      reviewerKind: 'authority',
      reviewerRegionCode: DEMO_REGION,
      status: 'approved',
      rejectReason: null,
      submittedAt: now,
      reviewedAt: now,
      reviewedBy: null,
      lastRemindedAt: null,
      address: '北京市东城区东四街道',
      contactName: '刘志强',
      contactPhone: '13800001234',
      contactEmail: 'dongcheng-team@example.com',
      serviceCategories: '["社区服务","扶老助残"]',
      description: '东城区社区志愿服务队（演示数据）：组织社区服务、扶老助残和文明引导等志愿服务。',
      joinMode: 'review',
      acceptsSubTeams: true,
      robotUrl: null,
      robotKind: 'wecom',
      robotSecret: null,
      unitId: null,
      applicantAccountId: admin.accountId,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
    });
    await teamsRepository.addMember(tx, {
      id: newId(),
      teamId,
      accountId: admin.accountId,
      volunteerId: admin.volunteerId,
      role: 'admin',
      joinedAt: now,
    });
    await grantTeamAdminRole(tx, admin.accountId, now);
    const member = ids.demo_volunteer;
    if (member)
      await teamsRepository.addMember(tx, {
        id: newId(),
        teamId,
        accountId: member.accountId,
        volunteerId: member.volunteerId,
        role: 'member',
        joinedAt: now,
      });
  });
}
