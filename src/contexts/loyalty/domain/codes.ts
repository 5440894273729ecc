import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: codes are read aloud at tills and typed from receipts.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function randomCode(length: number, alphabet = ALPHABET): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Codes are matched case-insensitively and without surrounding spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

export const newReferralCode = () => `R${randomCode(7)}`;
export const newCardCode = () => `LC${randomCode(10)}`;

export const PROMO_CODE_RE = /^[A-Z0-9][A-Z0-9_-]{2,39}$/;
