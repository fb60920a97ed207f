import type { SchemeName } from '../signing/schemes.js';
import { isSchemeName, SCHEME_NAMES } from '../signing/schemes.js';
import { UsageError } from './usage-error.js';

/**
 * A flag's whole-number value within [min, max], or a UsageError that names the flag, what it
 * takes (`kind`) and the range.
 */
export function wholeNumber(
  flag: string,
  text: string,
  min: number,
  max: number,
  kind = 'a whole number',
): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < min || Number(trimmed) > max) {
    throw new UsageError(`${flag} must be ${kind} from ${min} to ${max}, got "${text}".`);
  }
  return Number(trimmed);
}

/** A flag's signature scheme, or a UsageError that lists the schemes. */
export function schemeName(flag: string, text: string): SchemeName {
  if (!isSchemeName(text)) {
    throw new UsageError(`${flag} must be one of ${SCHEME_NAMES.join(', ')}, got "${text}".`);
  }
  return text;
}

/** A flag's interface to bind to; an empty one would bind every interface, so it is refused. */
export function hostValue(flag: string, text: string): string {
  if (text.trim() === '')
    throw new UsageError(`${flag} must not be empty, e.g. ${flag} 127.0.0.1.`);
  return text;
}

// The rule tenant secrets (admin-tenant-secret.json) and X-COREOS-CALLBACK-SECRET follow.
const MAX_SECRET_LENGTH = 1024;
const SECRET_CHARACTER = /^[\x21-\x7e]$/;

/**
 * A signing secret: 1 to 1024 printable ASCII characters without spaces, as tenant and per-request
 * secrets are. The message names the first character at fault by position, never the secret.
 */
export function secretValue(flag: string, text: string): string {
  if (text === '') throw new UsageError(`${flag} must not be empty.`);
  const characters = [...text];
  const at = characters.findIndex((character) => !SECRET_CHARACTER.test(character));
  if (at !== -1) {
    const character = characters[at] as string;
    const kind =
      character === ' ' ? 'a space' : character > '\x7e' ? 'not ASCII' : 'a control character';
    throw new UsageError(
      `${flag} must be printable ASCII without spaces, as tenant and per-request secrets are; character ${at + 1} is ${kind} (a base64 string works).`,
    );
  }
  if (characters.length > MAX_SECRET_LENGTH) {
    throw new UsageError(`${flag} must be at most ${MAX_SECRET_LENGTH} characters.`);
  }
  return text;
}
