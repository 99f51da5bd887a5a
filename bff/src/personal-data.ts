import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest (ARCHITECTURE.md, Data): document numbers are encrypted with
 * AES-256-GCM under a key derived from DATA_KEY, and a keyed hash (HMAC-SHA256 under a second
 * derived key) stands beside them for look-ups and uniqueness. Neither reveals the number
 * without the key.
 */
export class PersonalData {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(dataKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'zhiyuan/enc/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'zhiyuan/mac/v1', 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  decrypt(stored: string): string {
    const [v, iv, tag, body] = stored.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown personal data format');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash of a document: type and normalised number. */
  documentHash(type: string, normalizedNumber: string): string {
    return createHmac('sha256', this.macKey).update(`${type}:${normalizedNumber}`).digest('hex');
  }
}
