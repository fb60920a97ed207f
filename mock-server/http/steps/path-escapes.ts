import { os1Error } from '../../errors.js';

/** A % not followed by two hex digits. */
const MALFORMED_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/**
 * Throws 400 INVALID_PATH_PARAMETER when the path holds a percent-escape that does not decode: a
 * % without two hex digits (%ZZ) or escapes that are not UTF-8 (%FF). The router would otherwise
 * use the escape as it is, as a literal id, and answer 404 for an id the client never meant. Only
 * a path holding % is decoded.
 */
export function assertDecodablePath(path: string): void {
  if (!path.includes('%')) return;
  try {
    decodeURIComponent(path);
    return;
  } catch {
    // described below
  }
  const malformed = MALFORMED_ESCAPE.exec(path);
  const what = malformed
    ? `"${path.slice(malformed.index, malformed.index + 3)}" is not % and two hex digits`
    : 'its escapes do not decode to UTF-8 text';
  throw os1Error(
    'INVALID_PATH_PARAMETER',
    `The path ${path.slice(0, 200)} has an invalid percent-escape: ${what}. Encode each path segment with encodeURIComponent (a space is %20, a % itself is %25).`,
    { path: path.slice(0, 200) },
  );
}
