/** T-1: how a team declares its registration. */
export const REGISTRATION_STATUSES = ['registered_org', 'unregistered'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  registered_org: '已在民政部门登记的社会组织',
  unregistered: '未登记的社会组织或其他组织',
};

export const TEAM_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];
export const TEAM_STATUS_LABELS: Record<TeamStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
};

/** T-6: member-join modes; every new team starts closed. */
export const JOIN_MODES = ['closed', 'review', 'open'] as const;
export type JoinMode = (typeof JOIN_MODES)[number];
export const JOIN_MODE_LABELS: Record<JoinMode, string> = {
  closed: '拒绝任何人加入',
  review: '需要审核',
  open: '允许任何人加入',
};

/** T-8: civilization levels of work units and their registration targets. */
export const UNIT_LEVELS = ['national', 'provincial', 'municipal', 'other'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  national: '全国文明单位',
  provincial: '省级文明单位',
  municipal: '市级文明单位',
  other: '其他单位',
};
export const UNIT_TARGET_RATIOS: Record<UnitLevel, number> = {
  national: 0.95,
  provincial: 0.9,
  municipal: 0.85,
  other: 0.8,
};

export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

export type ReviewerKind = 'liaison_team' | 'authority';

export interface ReviewerDto {
  kind: ReviewerKind;
  /** the liaison team's name, or the registration authority (e.g. 东城区民政局) */
  name: string;
  /** T-5: shown to the applicant only after 7 days pending */
  contact: { name: string | null; phone: string | null; email: string | null } | null;
}

export interface TeamSummaryDto {
  id: string;
  name: string;
  regionCode: string;
  regionName: string | null;
  status: TeamStatus;
  joinMode: JoinMode;
  memberCount: number;
  serviceCategories: string[];
  acceptsSubTeams: boolean;
}

export interface TeamDto extends TeamSummaryDto {
  registrationStatus: RegistrationStatus;
  /** public: the code of a registered organization is public record */
  creditCode: string | null;
  liaisonTeam: { id: string; name: string } | null;
  address: string | null;
  description: string | null;
  /** public contact of the team (phone masked to the public) */
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  rejectReason: string | null;
  submittedAt: string;
  reviewedAt: string | null;
  unit: UnitDto | null;
  /** what the signed-in person is in this team */
  myRole: 'admin' | 'member' | null;
  myJoinRequest: 'pending' | null;
  /** T-5, for the team's admins while pending */
  review: {
    reviewer: ReviewerDto;
    waitedDays: number;
    canRemind: boolean;
    nextRemindAt: string | null;
  } | null;
  /** team settings, for its admins */
  settings: { robotUrl: string | null; robotKind: RobotKind } | null;
}

export interface UnitDto {
  id: string;
  name: string;
  level: UnitLevel;
  staffCount: number;
  regionCode: string;
}

export interface MemberDto {
  accountId: string;
  volunteerId: string | null;
  realName: string | null;
  username: string;
  volunteerNumber: string | null;
  role: 'admin' | 'member';
  joinedAt: string;
}

export interface JoinRequestDto {
  id: string;
  teamId: string;
  teamName: string;
  kind: 'request' | 'invitation';
  status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  realName: string | null;
  username: string;
  volunteerNumber: string | null;
  message: string | null;
  createdAt: string;
}
