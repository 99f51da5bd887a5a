import type { AppDeps } from '../../deps';
import { newId } from '../../ids';
import { accountsRepository as accounts } from '../accounts/accounts.repository';
import { hashPassword } from '../accounts/passwords';
import { generatePassword } from './admin.service';

export interface DemoAccount {
  label: string;
  username: string;
  password: string;
}

/** The demo region: 北京市东城区. Later issues add its teams, projects and hours here. */
export const DEMO_REGION = '110101';

const DEMO_ACCOUNTS = [
  { label: '东城区管理部门', username: 'demo_dongcheng', role: 'regional_admin' as const, regionCode: DEMO_REGION },
  { label: '志愿者', username: 'demo_volunteer', role: 'volunteer' as const, regionCode: null },
];

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
  return created;
}
