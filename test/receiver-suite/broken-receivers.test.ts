import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { CaseId } from '../../contracts/receiver-suite/catalogue.js';
import { caseDefinition } from '../../contracts/receiver-suite/catalogue.js';
import { meetsContract } from '../../contracts/receiver-suite/report.js';
import { runReceiverContract } from '../../contracts/receiver-suite/run-receiver-contract.js';
import type { SchemeName } from '../../mock-server/signing/schemes.js';
import type { Fault, Headers } from './support/reference-receiver.js';
import { startReferenceReceiver } from './support/reference-receiver.js';

const SECRET = 'shh-broken';
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const hmacHex = (bytes: Buffer) => createHmac('sha256', SECRET).update(bytes).digest('hex');
const os1Signature = (headers: Headers) => headers['x-coreos-hmac-signature'];

/** The order os1-mock writes a payload's top-level keys in; a typed DTO would use the same. */
const SCHEMA_ORDER = [
  'eventId',
  'eventType',
  'service',
  'tenantId',
  'requestId',
  'timestamp',
  'status',
  'reason',
  'participantType',
  'containerType',
  'entityType',
  'data',
  'meta',
];

interface BrokenReceiver {
  bug: string;
  fault: Fault;
  scheme?: SchemeName;
  timeoutMs?: number;
  /** The case that must catch the bug. */
  caughtBy: CaseId;
  /** Cases that must still pass, to show the catch is specific. */
  stillPasses?: CaseId[];
}

const BROKEN: BrokenReceiver[] = [
  {
    bug: 'answers 201 Created to valid callbacks',
    fault: { ackStatus: 201 },
    caughtBy: 'ack.every-event',
  },
  {
    bug: 'answers 204 No Content to valid callbacks',
    fault: { ackStatus: 204 },
    caughtBy: 'ack.every-event',
  },
  {
    bug: 're-serialises the parsed JSON before verifying',
    fault: { bytesToVerify: (raw) => Buffer.from(JSON.stringify(JSON.parse(raw.toString()))) },
    caughtBy: 'ack.pretty-printed',
    stillPasses: ['ack.every-event', 'ack.raw-utf8'],
  },
  {
    bug: 're-serialises the parsed JSON before verifying (unicode escapes)',
    fault: { bytesToVerify: (raw) => Buffer.from(JSON.stringify(JSON.parse(raw.toString()))) },
    caughtBy: 'ack.unicode-escapes',
  },
  {
    bug: 'rebuilds the body in its DTO field order before verifying',
    fault: {
      bytesToVerify: (raw) => {
        const parsed = JSON.parse(raw.toString()) as Record<string, unknown>;
        const rebuilt = Object.fromEntries(
          SCHEMA_ORDER.filter((key) => key in parsed).map((key) => [key, parsed[key]]),
        );
        return Buffer.from(JSON.stringify(rebuilt));
      },
    },
    caughtBy: 'ack.key-order',
    stillPasses: ['ack.every-event'],
  },
  {
    bug: 'decodes the body as latin1 before verifying',
    fault: { bytesToVerify: (raw) => Buffer.from(raw.toString('latin1'), 'utf8') },
    caughtBy: 'ack.raw-utf8',
    stillPasses: ['ack.every-event', 'ack.unicode-escapes'],
  },
  {
    bug: 'has a 100 kB body limit (express.json default)',
    fault: { maxBodyBytes: 100 * 1024 },
    caughtBy: 'ack.large-payload',
    stillPasses: ['ack.every-event'],
  },
  {
    bug: 'accepts any signature',
    fault: { verify: () => true },
    caughtBy: 'reject.wrong-secret',
  },
  {
    bug: 'verifies only when the signature header is present',
    fault: {
      verify: (raw, headers, correct) =>
        os1Signature(headers) === undefined ? true : correct(raw, headers),
    },
    caughtBy: 'reject.missing-signature',
    stillPasses: ['reject.wrong-secret', 'reject.empty-signature'],
  },
  {
    bug: 'checks only that the signature looks like a SHA-256 hex digest',
    fault: { verify: (_raw, headers) => /^[0-9a-f]{64}$/.test(os1Signature(headers) ?? '') },
    caughtBy: 'reject.altered-body',
  },
  {
    bug: 'acknowledges unknown event types before verifying',
    fault: { ackUnknownBeforeVerify: true },
    caughtBy: 'reject.wrong-secret',
    stillPasses: ['ack.every-event'],
  },
  {
    bug: 'de-duplicates on eventId before verifying',
    fault: { dedupeBeforeVerify: true },
    caughtBy: 'reject.forged-duplicate',
    stillPasses: ['reject.wrong-secret', 'reject.altered-body'],
  },
  {
    bug: 'decodes the hex signature leniently and compares bytes',
    fault: {
      verify: (raw, headers) => {
        const decoded = Buffer.from(os1Signature(headers) ?? '', 'hex');
        return decoded.length > 0 && decoded.equals(Buffer.from(hmacHex(raw), 'hex'));
      },
    },
    caughtBy: 'reject.malformed-signature',
    stillPasses: ['reject.wrong-secret', 'reject.truncated-signature'],
  },
  {
    bug: 'crashes in timingSafeEqual when the signature has another length',
    fault: {
      verify: (raw, headers) =>
        timingSafeEqual(
          Buffer.from(os1Signature(headers) ?? '', 'hex'),
          Buffer.from(hmacHex(raw), 'hex'),
        ),
    },
    caughtBy: 'reject.malformed-signature',
    stillPasses: ['reject.wrong-secret', 'reject.altered-body'],
  },
  {
    bug: 'compares only a prefix of the signature',
    fault: {
      verify: (raw, headers) => {
        const given = os1Signature(headers);
        return given !== undefined && given !== '' && hmacHex(raw).startsWith(given);
      },
    },
    caughtBy: 'reject.truncated-signature',
    stillPasses: ['reject.wrong-secret', 'reject.empty-signature'],
  },
  {
    bug: 'treats an empty signature header as nothing to check',
    fault: {
      verify: (raw, headers) => (os1Signature(headers) === '' ? true : correct(raw, headers)),
    },
    caughtBy: 'reject.empty-signature',
    stillPasses: ['reject.missing-signature', 'reject.truncated-signature'],
  },
  {
    bug: 'accepts the digest in base64 as well as hex',
    fault: {
      verify: (raw, headers) => {
        const digest = createHmac('sha256', SECRET).update(raw).digest();
        const given = os1Signature(headers);
        return given === digest.toString('hex') || given === digest.toString('base64');
      },
    },
    caughtBy: 'reject.wrong-encoding',
    stillPasses: ['reject.wrong-secret', 'reject.malformed-signature'],
  },
  {
    bug: 'answers 500 to malformed JSON',
    fault: { crashOnBadJson: true },
    caughtBy: 'json.malformed',
    stillPasses: ['ack.every-event'],
  },
  {
    bug: 'takes longer than the budget for container.created',
    fault: { delayMs: (raw) => (raw.includes('"container.created"') ? 600 : 0) },
    timeoutMs: 150,
    caughtBy: 'timing.within-budget',
  },
  {
    bug: 'answers bad signatures with 400',
    fault: { badSignatureStatus: 400 },
    caughtBy: 'reject.unauthorized-status',
    stillPasses: ['reject.wrong-secret'],
  },
  {
    bug: 'answers 409 to a duplicate eventId',
    fault: { duplicateStatus: 409 },
    caughtBy: 'ack.duplicate-event-id',
  },
  {
    bug: 'rejects event types it has no handler for',
    fault: { rejectUnknownEventTypes: true },
    caughtBy: 'ack.unknown-event-type',
  },
  {
    bug: 'rejects fields it does not know',
    fault: { rejectUnknownFields: true },
    caughtBy: 'ack.unknown-fields',
  },
  {
    bug: 'answers 503 when more than 10 requests of 20 ms each are in flight',
    fault: { maxInFlight: 10, delayMs: () => 20 },
    caughtBy: 'ack.concurrent-burst',
  },
  {
    bug: 'checks the signature but not the timestamp (stale)',
    scheme: 'standard-webhooks',
    fault: { toleranceMs: Number.POSITIVE_INFINITY },
    caughtBy: 'timestamp.stale',
  },
  {
    bug: 'checks only that the timestamp is not too old',
    scheme: 'standard-webhooks',
    fault: {
      toleranceMs: Number.POSITIVE_INFINITY,
      verify: (raw, headers, correct) =>
        Date.now() - Number(headers['webhook-timestamp']) * 1000 < 5 * 60 * 1000 &&
        correct(raw, headers),
    },
    caughtBy: 'timestamp.future',
    stillPasses: ['timestamp.stale'],
  },
  {
    bug: 'checks only the first signature of the header',
    scheme: 'standard-webhooks',
    fault: {
      verify: (raw, headers, correct) =>
        correct(raw, {
          ...headers,
          'webhook-signature': (headers['webhook-signature'] ?? '').split(' ')[0],
        }),
    },
    caughtBy: 'rotation.multiple-signatures',
    stillPasses: ['ack.every-event', 'reject.wrong-secret'],
  },
];

function correct(raw: Buffer, headers: Headers): boolean {
  const given = os1Signature(headers) ?? '';
  const expected = hmacHex(raw);
  return (
    given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  );
}

describe('a broken receiver', () => {
  for (const broken of BROKEN) {
    const definition = caseDefinition(broken.caughtBy);
    it(`that ${broken.bug} fails ${broken.caughtBy} (${definition.level.toUpperCase()})`, async () => {
      const scheme = broken.scheme ?? 'os1';
      const secret = scheme === 'standard-webhooks' ? WHSEC : SECRET;
      const receiver = await startReferenceReceiver(scheme, secret, broken.fault);
      try {
        const only = [broken.caughtBy, ...(broken.stillPasses ?? [])];
        const report = await runReceiverContract({
          url: receiver.url,
          secret,
          scheme,
          only,
          ...(broken.timeoutMs === undefined ? {} : { timeoutMs: broken.timeoutMs }),
        });
        const caught = report.cases.find((result) => result.id === broken.caughtBy);
        expect(caught).toMatchObject({ status: 'failed', level: definition.level });
        expect(caught?.detail).toContain('Likely bug:');
        expect(caught?.detail).toContain('Sent ');
        for (const id of broken.stillPasses ?? []) {
          expect(report.cases.find((result) => result.id === id)?.status, id).toBe('passed');
        }
        expect(meetsContract(report)).toBe(definition.level === 'should');
      } finally {
        await receiver.close();
      }
    });
  }
});

describe('a receiver that never answers', () => {
  it('fails timing.within-budget after about two budgets, without sending every request', async () => {
    let received = 0;
    const server = createServer(() => {
      received++;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`;
      const report = await runReceiverContract({ url, secret: SECRET, timeoutMs: 100 });
      const timing = report.cases.find((result) => result.id === 'timing.within-budget');
      expect(timing?.status).toBe('failed');
      expect(timing?.detail).toMatch(/more were not sent because the receiver looked stuck/);
      expect(report.cases.find((result) => result.id === 'ack.every-event')?.detail).toMatch(
        /got no answer within the 100 ms budget/,
      );
      // Two waves of 8 at most: the suite stops sending once 8 requests have timed out.
      expect(received).toBeLessThanOrEqual(16);
      expect(meetsContract(report)).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
