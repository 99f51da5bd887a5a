import type { JoinRequestDto, MemberDto } from '@zhiyuan/shared';
import type { AccountRow, JoinRequestRow, TeamMemberRow, VolunteerRow } from '../../db/entities';

/*
 * Members, join requests and invitations (T-6, T-7), field by field. A member's document
 * number never appears here: team admins see the name, user name and volunteer number.
 */

export function presentMember(
  row: TeamMemberRow,
  account: AccountRow | undefined,
  volunteer: VolunteerRow | undefined,
): MemberDto {
  return {
    accountId: row.accountId,
    volunteerId: volunteer?.id ?? row.volunteerId,
    realName: volunteer?.realName ?? null,
    username: account?.username ?? '',
    volunteerNumber: volunteer?.volunteerNumber ?? null,
    role: row.role,
    joinedAt: row.joinedAt.toISOString(),
  };
}

export function presentJoinRequest(
  row: JoinRequestRow,
  ctx: { teamName: string; account: AccountRow | undefined; volunteer: VolunteerRow | undefined },
): JoinRequestDto {
  return {
    id: row.id,
    teamId: row.teamId,
    teamName: ctx.teamName,
    kind: row.kind,
    status: row.status,
    realName: ctx.volunteer?.realName ?? null,
    username: ctx.account?.username ?? '',
    volunteerNumber: ctx.volunteer?.volunteerNumber ?? null,
    message: row.message,
    createdAt: row.createdAt.toISOString(),
  };
}
