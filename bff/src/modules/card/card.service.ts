import QRCode from 'qrcode';
import { dateInZone, DomainError, PRODUCT_NAME, type VolunteerCardDto } from '@zhiyuan/shared';
import type { AppDeps } from '../../deps';
import type { VolunteerRow } from '../../db/entities';
import { assert, canScanCards } from '../../policy';
import { accountsRepository as accounts } from '../accounts/accounts.repository';
import type { AuthContext } from '../accounts/tokens';
import { volunteersRepository as volunteers } from '../volunteers/volunteers.repository';
import { presentCard, presentCardVerification, type CardVerificationDto } from './card.presenter';
import { CardTokens, type SignedCardToken } from './card.tokens';
import { renderCardSvg } from './card.svg';

/** The volunteer card (V-8): shown in the app, downloaded as an image, scanned by team admins. */
export class CardService {
  private readonly tokens: CardTokens;

  constructor(private readonly deps: AppDeps) {
    this.tokens = new CardTokens(deps.config.secrets.jwt, deps.config.cardTokenSeconds);
  }

  /** The signed-in volunteer's card with a fresh QR code. */
  async myCard(accountId: string): Promise<VolunteerCardDto> {
    const row = await this.cardHolder(accountId);
    const signed = this.tokens.signCardToken(row.id, this.deps.clock.now());
    const qrDataUrl = await QRCode.toDataURL(signed.token, { errorCorrectionLevel: 'M', margin: 1, width: 320 });
    return presentCard(row, { signed, dataUrl: qrDataUrl });
  }

  /** The printable card as SVG, with the QR code of this minute. */
  async myCardSvg(accountId: string): Promise<string> {
    const { clock, config } = this.deps;
    const row = await this.cardHolder(accountId);
    const now = clock.now();
    const signed = this.tokens.signCardToken(row.id, now);
    const qrSvg = await QRCode.toString(signed.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
    return renderCardSvg({
      realName: row.realName,
      volunteerNumber: row.volunteerNumber,
      totalMinutes: row.importedMinutes,
      starLevel: 0,
      qrSvg,
      qrValidBefore: timeInZone(validBeforeMinute(signed), config.timeZone),
      issuedOn: dateInZone(now, config.timeZone),
      issuer: PRODUCT_NAME,
    });
  }

  /**
   * A team admin (or regional/system admin) scans a card: the token must be genuine and of
   * this or the previous window (minute), and its holder a verified volunteer whose account is not frozen.
   */
  async verify(auth: AuthContext, token: string): Promise<CardVerificationDto> {
    assert(canScanCards(auth));
    const { db, clock } = this.deps;
    const now = clock.now();
    const claims = this.tokens.verifyCardToken(token, now);
    const row = await volunteers.findById(db.manager, claims.volunteerId);
    if (!row || row.mergedInto) throw new DomainError('VOLUNTEER.NOT_FOUND');
    if (row.verificationState !== 'verified' || !row.volunteerNumber) throw new DomainError('VOLUNTEER.NOT_VERIFIED');
    const account = row.accountId ? await accounts.findById(db.manager, row.accountId) : null;
    if (account?.status === 'frozen') throw new DomainError('VOLUNTEER.FROZEN');
    return presentCardVerification({ ...row, volunteerNumber: row.volunteerNumber }, now);
  }

  /** The verified, not frozen volunteer record of an account, or the refusal to show a card. */
  private async cardHolder(accountId: string): Promise<VolunteerRow & { volunteerNumber: string }> {
    const { db } = this.deps;
    const row = await volunteers.findByAccountId(db.manager, accountId);
    if (!row) throw new DomainError('VOLUNTEER.NOT_A_VOLUNTEER');
    if (row.verificationState !== 'verified' || !row.volunteerNumber) throw new DomainError('VOLUNTEER.NOT_VERIFIED');
    const account = await accounts.findById(db.manager, accountId);
    if (!account) throw new DomainError('AUTH.TOKEN_INVALID');
    if (account.status === 'frozen') throw new DomainError('VOLUNTEER.FROZEN');
    return row as VolunteerRow & { volunteerNumber: string };
  }
}

/** The code is accepted before this whole minute (printed as 「HH:mm 前有效」). */
function validBeforeMinute(signed: SignedCardToken): Date {
  return new Date(Math.floor(signed.expiresAt.getTime() / 60_000) * 60_000);
}

function timeInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    instant,
  );
}
