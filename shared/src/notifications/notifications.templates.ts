/**
 * Message wording, in one place, so the bff (which writes outbox rows) and anyone reading
 * the product's messages see the same text.
 */
export interface RenderedMessage {
  subject: string;
  body: string;
}

export const PRODUCT_NAME = '志愿服务信息系统';

export function welcomeEmail(input: { username: string; appUrl: string }): RenderedMessage {
  return {
    subject: `欢迎注册${PRODUCT_NAME}`,
    body: [
      `${input.username}，您好：`,
      '',
      `欢迎您注册${PRODUCT_NAME}。完成实名认证后，您将获得全国实名注册志愿者统一编号，可以加入志愿团体、报名志愿服务项目并记录志愿服务时间。`,
      '',
      `登录地址：${input.appUrl}`,
      '',
      '请将本系统邮箱地址加入邮件白名单，以免错过审核、录用和服务时间确认等通知。',
      '',
      '此邮件由系统自动发送，请勿直接回复。',
    ].join('\n'),
  };
}

export function newAccountGroupMessage(input: { username: string; regionName: string | null }): RenderedMessage {
  return {
    subject: '新用户注册',
    body: `【${PRODUCT_NAME}】新用户 ${input.username} 已注册${input.regionName ? `（${input.regionName}）` : ''}。`,
  };
}

/** V-5: the result of real-name verification, told by e-mail and mini-program message. */
export function verificationResultEmail(input: {
  realName: string;
  verified: boolean;
  volunteerNumber: string | null;
  reason: string | null;
  appUrl: string;
}): RenderedMessage {
  if (input.verified) {
    return {
      subject: '您已通过志愿者实名认证',
      body: [
        `${input.realName}，您好：`,
        '',
        `您已通过实名认证，获得全国实名注册志愿者统一编号：${input.volunteerNumber}。`,
        '现在可以在“志愿者卡”页面出示您的电子志愿服务证，加入志愿团体、报名志愿服务项目。',
        '',
        `登录地址：${input.appUrl}`,
      ].join('\n'),
    };
  }
  return {
    subject: '您的志愿者实名认证未通过',
    body: [
      `${input.realName}，您好：`,
      '',
      `您的实名认证未通过${input.reason ? `，原因：${input.reason}` : ''}。`,
      '请确认姓名、证件号码与身份证件信息一致。如果一致，请登录本系统，在“修改资料”页面“身份信息”一栏上传证件照片，等待管理员人工认证。',
      '',
      `登录地址：${input.appUrl}`,
    ].join('\n'),
  };
}

/** V-9: the code that resets a forgotten password, sent to the registered e-mail. */
export function passwordResetCodeEmail(input: {
  username: string;
  code: string;
  validMinutes: number;
  pageUrl: string;
}): RenderedMessage {
  return {
    subject: `${PRODUCT_NAME}密码重置验证码`,
    body: [
      '您好：',
      '',
      `您正在重置${PRODUCT_NAME}账号 ${input.username} 的登录密码，验证码为：${input.code}`,
      `验证码 ${input.validMinutes} 分钟内有效，仅能使用一次，请勿告诉他人。`,
      '',
      `请在“找回密码”页面输入验证码并设置新密码：${input.pageUrl}`,
      '',
      '如非本人操作，请忽略本邮件，您的密码不会改变。',
      '',
      '此邮件由系统自动发送，请勿直接回复。',
    ].join('\n'),
  };
}

/** V-9: tells the owner that the password was just reset, so a reset they did not make is noticed. */
export function passwordChangedEmail(input: { username: string; appUrl: string }): RenderedMessage {
  return {
    subject: `${PRODUCT_NAME}登录密码已重置`,
    body: [
      '您好：',
      '',
      `您的${PRODUCT_NAME}账号 ${input.username} 的登录密码已通过邮箱验证码重置，其他设备上的登录已全部退出。`,
      '',
      '如非本人操作，请立即通过“找回密码”重新设置密码，或联系所在志愿团体管理员。',
      '',
      `登录地址：${input.appUrl}`,
      '',
      '此邮件由系统自动发送，请勿直接回复。',
    ].join('\n'),
  };
}

/** T-4/T-5: what the reviewer hears of a team registered under it, or of a reminder. */
export function teamReviewRequest(input: {
  teamName: string;
  regionName: string | null;
  reminder: boolean;
  waitedDays: number;
  appUrl: string;
}): RenderedMessage {
  const what = input.reminder
    ? `提醒审核：「${input.teamName}」已等待审核 ${input.waitedDays} 天`
    : `新的志愿团体注册待审核：「${input.teamName}」`;
  return {
    subject: what,
    body: [
      `${what}${input.regionName ? `（${input.regionName}）` : ''}。`,
      '请登录志愿服务信息系统，在“团体审核”中及时审核。',
      `${input.appUrl}/packages/teams/pages/reviews/index`,
    ].join('\n'),
  };
}

/** T-4: the applicant hears the decision. */
export function teamReviewResult(input: {
  teamName: string;
  approved: boolean;
  reason: string | null;
  appUrl: string;
}): RenderedMessage {
  return input.approved
    ? {
        subject: `志愿团体「${input.teamName}」已通过审核`,
        body: [
          `您注册的志愿团体「${input.teamName}」已通过审核。`,
          '本系统默认设置为“拒绝任何人加入”，请在“团体设置”页面“成员加入方式”一栏选择合适的成员加入方式。',
          `${input.appUrl}/packages/teams/pages/mine/index`,
        ].join('\n'),
      }
    : {
        subject: `志愿团体「${input.teamName}」未通过审核`,
        body: [
          `您注册的志愿团体「${input.teamName}」未通过审核${input.reason ? `，原因：${input.reason}` : ''}。`,
          `${input.appUrl}/packages/teams/pages/mine/index`,
        ].join('\n'),
      };
}

/** T-6: a join request waiting, told to the team's admins and posted to the team's group robot. */
export function joinRequestWaiting(input: { teamName: string; realName: string }): RenderedMessage {
  return {
    subject: `「${input.teamName}」有新的加入申请`,
    body: `【${input.teamName}】有新的加入申请：${input.realName}，请及时审核。`,
  };
}

/** T-6: the volunteer hears whether the team admitted them. */
export function joinRequestDecided(input: {
  realName: string;
  teamName: string;
  approved: boolean;
  appUrl: string;
}): RenderedMessage {
  return input.approved
    ? {
        subject: `您已加入志愿团体「${input.teamName}」`,
        body: [
          `${input.realName}，您好：`,
          '',
          `您申请加入志愿团体「${input.teamName}」，团体管理员已同意，您现在是该团体的成员。`,
          '',
          `登录地址：${input.appUrl}`,
        ].join('\n'),
      }
    : {
        subject: `志愿团体「${input.teamName}」未同意您的加入申请`,
        body: [
          `${input.realName}，您好：`,
          '',
          `您申请加入志愿团体「${input.teamName}」，团体管理员未同意。您可以按照该团体公布的联系方式与其联系，或申请加入其他志愿团体。`,
          '',
          `登录地址：${input.appUrl}`,
        ].join('\n'),
      };
}

/** T-6: a team admin invited the volunteer; they accept or decline in the app. */
export function teamInvitation(input: { realName: string; teamName: string; appUrl: string }): RenderedMessage {
  return {
    subject: `志愿团体「${input.teamName}」邀请您加入`,
    body: [
      `${input.realName}，您好：`,
      '',
      `志愿团体「${input.teamName}」的管理员邀请您加入该团体。请登录${PRODUCT_NAME}，在“我的邀请”中接受或拒绝。`,
      '',
      `登录地址：${input.appUrl}`,
    ].join('\n'),
  };
}

/** T-5: the daily digest names the longest-waiting teams, up to this many; the rest are counted. */
export const REVIEW_DIGEST_LISTED = 20;

/** A team in the review digest (T-5): its name, region and how long it has waited. */
export interface ReviewDigestTeam {
  name: string;
  regionName: string | null;
  /** whole days since it was submitted */
  waitedDays: number;
  /** waited more than 4 days (REMIND_AFTER_DAYS): its applicant may press 「提醒审核」 */
  overdue: boolean;
}

/**
 * T-5: the daily digest of what waits on one reviewer (a liaison team or a registration
 * authority), sent to its admins' e-mail and to its group robot. The summary and the link come
 * first so a robot that cuts long texts (WeCom: 2048 bytes) still carries them; then the teams
 * that waited longest, those past 4 days marked 「已等待 X 天」.
 */
export function reviewDigestMessage(input: {
  reviewerName: string;
  /** the day of the digest, YYYY-MM-DD in the configured zone */
  date: string;
  /** every team waiting on this reviewer */
  total: number;
  /** of those, how many waited more than 4 days */
  overdue: number;
  /** the longest-waiting ones, oldest first (at most REVIEW_DIGEST_LISTED) */
  teams: ReviewDigestTeam[];
  appUrl: string;
}): RenderedMessage {
  const lines = [
    `【${PRODUCT_NAME}】志愿团体审核提醒（${input.reviewerName}）`,
    `截至 ${input.date}，共有 ${input.total} 个志愿团体等待您审核${input.overdue ? `，其中 ${input.overdue} 个已等待超过 4 天` : ''}。`,
    `请登录${PRODUCT_NAME}，在“团体审核”中及时审核：${input.appUrl}/packages/teams/pages/reviews/index`,
    '',
    input.teams.length < input.total ? `等待最久的 ${input.teams.length} 个：` : '待审核的团体：',
    ...input.teams.map((t, i) => {
      const where = t.regionName ? `（${t.regionName}）` : '';
      const waited = t.overdue
        ? `【已等待 ${t.waitedDays} 天】`
        : t.waitedDays > 0
          ? `等待 ${t.waitedDays} 天`
          : '今天提交';
      return `${i + 1}. ${t.name}${where} ${waited}`;
    }),
  ];
  if (input.teams.length < input.total) lines.push(`……另有 ${input.total - input.teams.length} 个团体，请登录查看。`);
  lines.push('', '此消息由系统每个工作日自动发送一次，请勿直接回复。');
  return { subject: `志愿团体审核提醒：${input.total} 个团体等待审核`, body: lines.join('\n') };
}
