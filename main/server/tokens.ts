// Secrets the server hands out: device tokens (32 random bytes) and invite codes (short enough
// to read over the phone). Only their sha256 is stored, so a copy of the database (a backup)
// lets no one in.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const newToken = (): string => randomBytes(32).toString('base64url');

/** Crockford's base32 without I, L, O, U: nothing to confuse when read aloud or typed. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 15 characters (75 bits) in three groups: KD7Q2-M9XWA-4PFTR. */
export function newInviteCode(): string {
  const chars = Array.from({ length: 15 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [chars.slice(0, 5), chars.slice(5, 10), chars.slice(10)].map((g) => g.join('')).join('-');
}

/** As typed: case, spaces and dashes do not matter; O and I read as 0 and 1. */
export function normalizeInviteCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
