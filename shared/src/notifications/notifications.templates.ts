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
