import type { SchemeName } from '../../mock-server/signing/schemes.js';

export type CaseLevel = 'must' | 'should';

/** One case of the receiver contract: what it checks and, when it fails, what is probably wrong. */
export interface CaseDefinition {
  id: string;
  level: CaseLevel;
  title: string;
  /** What the suite sends and what it expects back. */
  checks: string;
  /** The bug a failure most often points to, in words a receiver's author can act on. */
  likelyBug: string;
  /** Schemes the case applies to; absent means every scheme. Others report it as skipped. */
  schemes?: readonly SchemeName[];
}

const TIMESTAMP_SCHEMES = ['standard-webhooks'] as const satisfies readonly SchemeName[];
const MULTI_SIGNATURE_SCHEMES = ['standard-webhooks'] as const satisfies readonly SchemeName[];

/**
 * The receiver contract, in report order. docs/verify.md's case table is checked against this list
 * by a test, so add a case here and there together.
 */
export const CASES = [
  {
    id: 'ack.every-event',
    level: 'must',
    title: 'every service, event type and status is acknowledged with 200 or 202',
    checks:
      'A validly signed callback for each event type of each service (Participant, Container, Entity), once with status success and once failed, is answered 200 or 202; 201, 204 and anything else fail.',
    likelyBug:
      'The receiver answers another status (OS1 treats only 200 and 202 as acknowledged and retries the rest), rejects some event types or the failed status, or verifies with another secret or scheme.',
  },
  {
    id: 'ack.pretty-printed',
    level: 'must',
    title: 'a callback with extra whitespace and CRLF line ends is acknowledged',
    checks:
      'Validly signed bodies that are pretty-printed (tab indents, CRLF line ends, a trailing newline) are answered 200 or 202.',
    likelyBug:
      'The receiver verifies a re-serialised copy of the JSON (JSON.stringify of the parsed body) instead of the raw bytes received.',
  },
  {
    id: 'ack.key-order',
    level: 'must',
    title: 'a callback whose keys come in another order is acknowledged',
    checks:
      'Validly signed bodies whose keys are in reverse order (data first, eventId last, nested keys too) are answered 200 or 202.',
    likelyBug:
      'The receiver rebuilds the body from a typed object or sorts its keys before verifying; the HMAC must be computed over the raw bytes.',
  },
  {
    id: 'ack.unicode-escapes',
    level: 'must',
    title: 'a callback with \\u escapes is acknowledged',
    checks:
      'Validly signed bodies that write non-ASCII characters and "/" as JSON escapes (\\u00e9, \\ud83d\\udce6, \\/) are answered 200 or 202.',
    likelyBug:
      'The receiver verifies a re-serialised copy of the JSON, which turns \\u00e9 into é and changes the bytes.',
  },
  {
    id: 'ack.raw-utf8',
    level: 'must',
    title: 'a callback with raw multi-byte UTF-8 is acknowledged',
    checks: 'Validly signed bodies carrying raw UTF-8 (é, 東京, 📦) are answered 200 or 202.',
    likelyBug:
      'The receiver decodes the body with another charset (latin1, binary string) or normalises it before computing the HMAC.',
  },
  {
    id: 'ack.large-payload',
    level: 'must',
    title: 'a large (about 512 KiB) callback is acknowledged',
    checks: 'A validly signed callback of about 512 KiB is answered 200 or 202.',
    likelyBug:
      'A body size limit below what OS1 sends (express.json and many body parsers default to 100 kB and answer 413).',
  },
  {
    id: 'reject.wrong-secret',
    level: 'must',
    title: 'a callback signed with another secret is rejected with a 4xx',
    checks:
      'For every event type, including ones the receiver cannot know, a callback signed with a secret other than --secret is answered 4xx.',
    likelyBug:
      'The receiver does not verify signatures, verifies only some event types or services, or acknowledges before verifying.',
  },
  {
    id: 'reject.missing-signature',
    level: 'must',
    title: 'a callback without a signature header is rejected with a 4xx',
    checks: 'For every event type, a callback without the signature header is answered 4xx.',
    likelyBug:
      'The receiver verifies only when the header is present ("if (signature) verify(...)"), so leaving it out skips the check.',
  },
  {
    id: 'reject.altered-body',
    level: 'must',
    title: 'a callback altered after signing is rejected with a 4xx',
    checks:
      "For every event type, a body changed after signing (another data.id) sent with the original body's signature is answered 4xx.",
    likelyBug:
      'The receiver checks only that a signature is present or well formed, or computes the HMAC over something other than the body (the URL, a header, a fixed string).',
  },
  {
    id: 'reject.forged-duplicate',
    level: 'must',
    title: 'a forged callback reusing a delivered eventId is rejected with a 4xx',
    checks:
      'For every event type, a valid callback is delivered, then a different body with the same eventId and a wrong signature is sent: it is answered 4xx.',
    likelyBug:
      'The receiver de-duplicates on eventId before it verifies the signature, so anyone who learns an eventId can get a forged body acknowledged.',
  },
  {
    id: 'reject.malformed-signature',
    level: 'must',
    title: 'a malformed signature value is rejected with a 4xx',
    checks:
      "For every event type, a signature that is not in the scheme's format (not hex or base64, a valid digest followed by junk, a wrong prefix or version) is answered 4xx.",
    likelyBug:
      'The receiver decodes the header leniently (Buffer.from(value, "hex") stops at the first bad character, base64 decoders skip junk) and compares the decoded bytes, or crashes on the value.',
  },
  {
    id: 'reject.truncated-signature',
    level: 'must',
    title: 'a truncated signature is rejected with a 4xx',
    checks:
      'For every event type, the correct signature cut short (half of it, or all but its last character) is answered 4xx.',
    likelyBug:
      'The receiver compares only a prefix (expected.startsWith(received)) or only as many bytes as it received.',
  },
  {
    id: 'reject.empty-signature',
    level: 'must',
    title: 'an empty signature is rejected with a 4xx',
    checks:
      'For every event type, a signature header that is present but empty (or only the scheme prefix) is answered 4xx.',
    likelyBug:
      'The receiver treats an empty header as "no signature to check", or a prefix comparison accepts the empty string.',
  },
  {
    id: 'reject.wrong-encoding',
    level: 'must',
    title: 'the right digest in the wrong encoding is rejected with a 4xx',
    checks:
      'For every event type, the correct digest written as base64 where the scheme uses hex (hex where it uses base64) is answered 4xx.',
    likelyBug:
      'The receiver accepts several encodings of the digest; the scheme fixes one and anything else must be refused.',
  },
  {
    id: 'json.malformed',
    level: 'must',
    title: 'malformed JSON with a valid signature gets a 4xx, never a 5xx',
    checks:
      'Validly signed bodies that are not JSON (truncated, trailing junk, plain text) are answered 4xx.',
    likelyBug:
      'JSON.parse throws and the error escapes as a 500 (or the receiver acknowledges what it could not read).',
  },
  {
    id: 'timing.within-budget',
    level: 'must',
    title: 'every answer comes within the time budget',
    checks:
      'Every request of the run, including one valid callback per service sent for this case, is answered within --timeout-ms (default 10000 ms).',
    likelyBug:
      'The receiver does its work before answering; acknowledge at once and process the callback later (a queue, a background job).',
  },
  {
    id: 'reject.unauthorized-status',
    level: 'should',
    title: 'bad signatures get 401 or 403',
    checks:
      'A callback with each kind of bad signature (wrong secret, missing, altered body, malformed, truncated, empty, wrong encoding) is answered 401 or 403.',
    likelyBug:
      'The receiver answers bad signatures with another 4xx (400, 404, 422), which hides forged traffic among ordinary client errors.',
  },
  {
    id: 'ack.duplicate-event-id',
    level: 'should',
    title: 'a duplicate of a delivered eventId is acknowledged again',
    checks:
      'The same callback (same bytes, same eventId) sent twice is answered 200 or 202 both times.',
    likelyBug:
      'The receiver is not idempotent: a unique-key violation or "already processed" check answers 409 or 500, so OS1 keeps retrying a callback that was handled.',
  },
  {
    id: 'ack.unknown-event-type',
    level: 'should',
    title: 'an unknown event type, validly signed, is acknowledged',
    checks:
      'A validly signed callback with an event type outside the current vocabulary is answered 200 or 202.',
    likelyBug:
      'The receiver rejects event types it has no handler for; acknowledge them (and ignore or log them) so new OS1 events do not pile up as retries.',
  },
  {
    id: 'ack.unknown-fields',
    level: 'should',
    title: 'a callback with unknown fields is acknowledged',
    checks:
      'Validly signed callbacks carrying fields the schema does not name (top level and inside data) are answered 200 or 202.',
    likelyBug:
      'The receiver validates callbacks strictly (additionalProperties: false); new fields are added without notice.',
  },
  {
    id: 'ack.concurrent-burst',
    level: 'should',
    title: 'a burst of 50 concurrent callbacks is all acknowledged',
    checks: '50 validly signed callbacks sent at the same moment are all answered 200 or 202.',
    likelyBug:
      'The receiver limits concurrency or rate (429, 503) or has a race under load (a shared connection, a lock, a 500).',
  },
  {
    id: 'timestamp.stale',
    level: 'should',
    title: 'a validly signed callback with a stale timestamp is rejected with a 4xx',
    checks:
      'A callback signed correctly but with a timestamp 10 minutes old is answered 4xx (the replay window is 5 minutes).',
    likelyBug:
      'The receiver checks the signature but not the timestamp, so a captured callback can be replayed later.',
    schemes: TIMESTAMP_SCHEMES,
  },
  {
    id: 'timestamp.future',
    level: 'should',
    title: 'a validly signed callback with a future timestamp is rejected with a 4xx',
    checks: 'A callback signed correctly but with a timestamp 10 minutes ahead is answered 4xx.',
    likelyBug:
      'The receiver checks only that the timestamp is not too old (now - timestamp < window) and forgets the absolute value.',
    schemes: TIMESTAMP_SCHEMES,
  },
  {
    id: 'rotation.multiple-signatures',
    level: 'should',
    title: 'a header with an old and a new signature is accepted during rotation',
    checks:
      'A callback whose signature header carries two signatures, one made with --secret and one with another secret, in either order, is answered 200 or 202.',
    likelyBug:
      'The receiver checks only the first signature in the header, or the header as a whole, so every callback sent during a key rotation fails.',
    schemes: MULTI_SIGNATURE_SCHEMES,
  },
] as const satisfies readonly CaseDefinition[];

export type CaseId = (typeof CASES)[number]['id'];

export const CASE_IDS: readonly CaseId[] = CASES.map((definition) => definition.id);

export const isCaseId = (value: string): value is CaseId =>
  (CASE_IDS as readonly string[]).includes(value);

export function caseDefinition(id: CaseId): CaseDefinition {
  const found = CASES.find((definition) => definition.id === id);
  if (!found) throw new Error(`no receiver contract case ${id}`);
  return found;
}
