/**
 * A WeChat account not yet bound to any account: POST /api/auth/wechat answered
 * `{ bound: false, wechatTicket }`. The next login or sign-up carries the ticket so the bff
 * binds that WeChat account. Kept in memory only: it is short-lived and tied to this launch.
 */
let pendingTicket: string | null = null;

export function setWechatTicket(ticket: string): void {
  pendingTicket = ticket;
}

export function getWechatTicket(): string | null {
  return pendingTicket;
}

export function clearWechatTicket(): void {
  pendingTicket = null;
}
