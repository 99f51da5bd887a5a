import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@zhiyuan/shared';

/*
 * The QR code of the volunteer card (V-8). A team admin scans it to record time (H-2), so it
 * must be neither forgeable nor replayable from a screenshot taken long ago:
 *
 *   ZY1.<volunteerId>.<window, base 36>.<HMAC-SHA256, first 16 bytes, base64url>
 *
 * The window is the number of whole `windowSeconds` periods since the epoch; the MAC covers
 * the version, the volunteer id and the window under a key derived from the JWT secret with
 * its own label, so a card token is never mistaken for anything else the server signs. A
 * token is accepted in its own window and the next one (60–120 s with the default window),
 * which covers the time between the phone fetching it and the admin scanning it.
 *
 * One-time use per scan is not enforced here: the hours ledger (H-2) records the
 * (volunteerId, window) it consumed.
 */

const VERSION = 'ZY1';
const MAC_BYTES = 16;
/** A server whose clock runs a little ahead may sign the next window early; tolerate that much. */
const CLOCK_SKEW_SECONDS = 5;
const TOKEN_PATTERN = /^ZY1\.([0-9A-Za-z-]{1,64})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})$/;

export interface SignedCardToken {
  token: string;
  /** start of the token's window */
  issuedAt: Date;
  /** end of its validity: the end of the window after its own */
  expiresAt: Date;
  /** seconds until the next window begins, plus one: when the card should fetch a fresh code */
  refreshInSeconds: number;
}

export interface CardTokenClaims {
  volunteerId: string;
  issuedAt: Date;
  /** the window number, for the one-time use the hours ledger will record */
  window: number;
}

export class CardTokens {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly windowSeconds: number,
  ) {
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new Error('card token window must be ≥ 1 s');
    this.key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'zhiyuan/card/v1', 32));
  }

  signCardToken(volunteerId: string, now: Date): SignedCardToken {
    if (!/^[0-9A-Za-z-]{1,64}$/.test(volunteerId)) throw new Error('volunteer id cannot be put in a card token');
    const nowMs = now.getTime();
    const window = Math.floor(nowMs / 1000 / this.windowSeconds);
    const windowMs = this.windowSeconds * 1000;
    const token = [VERSION, volunteerId, window.toString(36), this.mac(volunteerId, window).toString('base64url')].join(
      '.',
    );
    return {
      token,
      issuedAt: new Date(window * windowMs),
      expiresAt: new Date((window + 2) * windowMs),
      refreshInSeconds: Math.ceil(((window + 1) * windowMs - nowMs) / 1000) + 1,
    };
  }

  /** Throws CARD.TOKEN_INVALID (not ours, altered) or CARD.TOKEN_EXPIRED (genuine but old). */
  verifyCardToken(token: string, now: Date): CardTokenClaims {
    const match = TOKEN_PATTERN.exec(token.trim());
    if (!match) throw new DomainError('CARD.TOKEN_INVALID');
    const [, volunteerId, windowText, macText] = match as unknown as [string, string, string, string];
    const window = parseInt(windowText, 36);
    // one spelling per window (no leading zeros), so a token has exactly one valid form
    if (!Number.isSafeInteger(window) || window.toString(36) !== windowText)
      throw new DomainError('CARD.TOKEN_INVALID');
    // compared as text: base64url of 16 bytes leaves 4 spare bits in the last character, and
    // a token must not have several spellings that all pass
    const given = Buffer.from(macText, 'ascii');
    const expected = Buffer.from(this.mac(volunteerId, window).toString('base64url'), 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new DomainError('CARD.TOKEN_INVALID');

    const nowSeconds = now.getTime() / 1000;
    const current = Math.floor(nowSeconds / this.windowSeconds);
    if (window < current - 1) throw new DomainError('CARD.TOKEN_EXPIRED');
    if (window > current && window * this.windowSeconds - nowSeconds > CLOCK_SKEW_SECONDS) {
      // signed with our key for a time that has not come: a server clock far ahead, never a phone
      throw new DomainError('CARD.TOKEN_INVALID');
    }
    return { volunteerId, issuedAt: new Date(window * this.windowSeconds * 1000), window };
  }

  private mac(volunteerId: string, window: number): Buffer {
    return createHmac('sha256', this.key).update(`${VERSION}|${volunteerId}|${window}`).digest().subarray(0, MAC_BYTES);
  }
}
