import { maskEmail, type Channel as ChannelName } from '@zhiyuan/shared';

/**
 * Logs never carry personal data or credentials: recipients are masked, webhook URLs lose
 * their query and key-like path segments (WeCom `?key=`, DingTalk `?access_token=`, Feishu
 * `/hook/<token>`).
 */
export function maskUrl(value: string): string {
  try {
    const url = new URL(value);
    const path = url.pathname
      .split('/')
      .map((seg) => (seg.length >= 16 ? '***' : seg))
      .join('/');
    return `${url.origin}${path}${url.search ? '?***' : ''}`;
  } catch {
    return '***';
  }
}

/** An openid is a pseudonym of a person: keep just enough to tell two apart in one log. */
export function maskOpenid(openid: string): string {
  return openid.length <= 6 ? '***' : `${openid.slice(0, 3)}***${openid.slice(-2)}`;
}

export function maskRecipient(channel: ChannelName | string, recipient: string): string {
  switch (channel) {
    case 'email':
      return maskEmail(recipient) ?? '***';
    case 'wechat':
      return maskOpenid(recipient);
    default:
      return maskUrl(recipient);
  }
}

const EMAIL_IN_TEXT = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[A-Za-z]{2,}/g;
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g;

/** Error texts (an SMTP server's "550 <someone@x.com> unknown") are masked before they are logged. */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => maskUrl(url)).replace(EMAIL_IN_TEXT, (email) => maskEmail(email) ?? '***');
}
