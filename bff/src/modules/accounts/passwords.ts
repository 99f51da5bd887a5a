import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (salted, slow by design). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash of a random string, checked when the user name is unknown, so that the
// reply takes as long as for a known user name with a wrong password.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash(`no-such-user-${Math.random()}`);
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
