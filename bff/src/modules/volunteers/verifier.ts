import { checkDocument, type DocumentType } from '@zhiyuan/shared';

/**
 * The identity source of real-name verification (V-5). A real deployment plugs in the
 * national population database; the default applies the document rules of V-1, which can
 * vouch for numbers that carry a check character (resident IDs, residence permits) and
 * sends every other document to manual verification.
 */
export interface IdentityVerifier {
  verify(input: {
    documentType: DocumentType;
    documentNumber: string;
    realName: string;
    today: string;
  }): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export class RulesVerifier implements IdentityVerifier {
  async verify(input: { documentType: DocumentType; documentNumber: string; today: string }) {
    if (input.documentType !== 'resident_id' && input.documentType !== 'residence_permit') {
      return { ok: false as const, reason: '该证件类型无法自动核验，请上传证件照片等待人工认证' };
    }
    const check = checkDocument(input.documentType, input.documentNumber, input.today);
    return check.ok ? { ok: true as const } : { ok: false as const, reason: check.message };
  }
}

/** Every volunteer is verified by hand (VERIFIER=manual). */
export class ManualOnlyVerifier implements IdentityVerifier {
  async verify() {
    return { ok: false as const, reason: '请上传证件照片，等待管理员人工认证' };
  }
}
