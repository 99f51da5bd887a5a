/** Limits shared by the mini-program's forms and the bff's validation. */
export const ACCOUNT_LIMITS = {
  usernameMin: 4,
  usernameMax: 32,
  /** letters, digits, underscore; starts with a letter */
  usernamePattern: /^[A-Za-z][A-Za-z0-9_]*$/,
  passwordMin: 8,
  passwordMax: 64,
  emailMax: 254,
  /** mainland mobile numbers: 11 digits starting with 1[3-9] */
  mobilePattern: /^1[3-9]\d{9}$/,
} as const;
