/**
 * The same callback written the ways real JSON senders write it. Each form parses to the same
 * value but has other bytes, so only a receiver that verifies the raw bytes accepts them all.
 */

/** What os1-mock sends: JSON.stringify, raw UTF-8. */
export const compact = (value: unknown): string => JSON.stringify(value);

/** Tab-indented, CRLF line ends, a trailing newline. */
export const prettyPrinted = (value: unknown): string =>
  `${JSON.stringify(value, null, '\t').replaceAll('\n', '\r\n')}\r\n`;

/** Every object's keys in reverse order (data before eventId), at every depth. */
export const reversedKeys = (value: unknown): string => JSON.stringify(reverseKeys(value));

/** Every non-ASCII character as a \uXXXX escape (surrogate pairs for emoji), and "/" as "\/". */
export const unicodeEscaped = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('/', '\\/');

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, inner]) => [key, reverseKeys(inner)]),
    );
  }
  return value;
}

/** Signed bodies that are not JSON at all. */
export const MALFORMED_JSON_BODIES: readonly { label: string; body: (json: string) => string }[] = [
  { label: 'JSON cut off half way', body: (json) => json.slice(0, Math.floor(json.length / 2)) },
  { label: 'JSON followed by junk', body: (json) => `${json}}garbage` },
  { label: 'plain text', body: () => 'eventType=container.created&status=success' },
];
