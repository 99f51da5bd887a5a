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
