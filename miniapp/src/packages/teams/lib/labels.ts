import { JOIN_MODE_LABELS, JOIN_MODES, type JoinMode, type RobotKind } from '@zhiyuan/shared';

export const MEMBER_ROLE_LABELS = { admin: '管理员', member: '成员' } as const;

export const ROBOT_KIND_LABELS: Record<RobotKind, string> = { wecom: '企业微信', dingtalk: '钉钉', feishu: '飞书' };

export const REVIEWER_KIND_LABELS = { liaison_team: '联络团体', authority: '登记机关' } as const;

/** T-6, in the FAQ's words (「志愿团体为何“拒绝任何人加入”」). */
export const JOIN_MODE_DEFAULT_NOTE = '本系统默认对所有志愿团体设置为“拒绝任何人加入”';

const JOIN_MODE_NOTES: Record<JoinMode, string> = {
  closed: '志愿者不能申请加入；团体管理员仍可邀请志愿者',
  review: '志愿者申请后，由团体管理员在“加入申请”中审核',
  open: '志愿者申请后直接成为成员',
};

export const JOIN_MODE_OPTIONS = JOIN_MODES.map((mode) => ({
  value: mode,
  label: JOIN_MODE_LABELS[mode],
  note: JOIN_MODE_NOTES[mode],
}));
