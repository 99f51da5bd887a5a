import type { EntityManager } from 'typeorm';
import { DomainError } from '@zhiyuan/shared';
import { newId } from '../../ids';
import { AccountRole } from '../../db/entities';
import type { AuthContext } from '../accounts/tokens';
import { teamsRepository as teams } from './teams.repository';

/*
 * Team permissions are read from team_members at the time of the request (not from the
 * token), so a removed admin loses the rights at once.
 */

export async function isTeamAdmin(em: EntityManager, teamId: string, auth: AuthContext): Promise<boolean> {
  return (await teams.membership(em, teamId, auth.accountId))?.role === 'admin';
}

export async function requireTeamAdmin(em: EntityManager, teamId: string, auth: AuthContext): Promise<void> {
  if (!(await teams.findById(em, teamId))) throw new DomainError('TEAM.NOT_FOUND');
  if (!(await isTeamAdmin(em, teamId, auth))) throw new DomainError('AUTH.FORBIDDEN');
}

/** Gives an account the team_admin role grant (shown in the app, carried by its next token) if it lacks it. */
export async function grantTeamAdminRole(em: EntityManager, accountId: string, now: Date): Promise<void> {
  const repo = em.getRepository(AccountRole);
  if (await repo.countBy({ accountId, role: 'team_admin' })) return;
  await repo.insert({ id: newId(), accountId, role: 'team_admin', regionCode: null, createdAt: now });
}
