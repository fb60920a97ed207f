import { describe, expect, it } from 'vitest';
import {
  compact,
  prettyPrinted,
  reversedKeys,
  unicodeEscaped,
} from '../../contracts/receiver-suite/byte-forms.js';
import {
  ALL_EVENT_KINDS,
  buildPayload,
  enlarge,
  KNOWN_EVENT_TYPES,
  withUnicodeText,
  withUnknownFields,
} from '../../contracts/receiver-suite/payloads.js';
import { FORGERIES, FORGERY_KINDS } from '../../contracts/receiver-suite/signatures.js';
import { SCHEME_NAMES, SCHEMES } from '../../mock-server/signing/schemes.js';
import { findProblem } from '../../mock-server/validation/validator.js';

const NOW = 1_760_000_000_000;

describe('the payloads the suite sends', () => {
  it('cover every event type of the callback schema', () => {
    expect(KNOWN_EVENT_TYPES).toHaveLength(18);
    expect(ALL_EVENT_KINDS.filter((kind) => kind.known).map((kind) => kind.eventType)).toEqual(
      KNOWN_EVENT_TYPES,
    );
  });

  for (const eventType of KNOWN_EVENT_TYPES) {
    for (const status of ['success', 'failed'] as const) {
      it(`follow callback-payload.json for ${eventType} ${status}`, () => {
        const kind = ALL_EVENT_KINDS.find((candidate) => candidate.eventType === eventType);
        if (!kind) throw new Error(`no kind for ${eventType}`);
        const payload = buildPayload({ ...kind, status, tenantId: 'tenant-a', timestampMs: NOW });
        expect(findProblem('callback-payload.json', payload)).toBeNull();
        expect(findProblem('callback-payload.json', withUnicodeText(payload))).toBeNull();
        expect(findProblem('callback-payload.json', withUnknownFields(payload))).toBeNull();
      });
    }
  }

  it('are ASCII unless unicode text is asked for', () => {
    const payload = buildPayload({
      eventType: 'container.created',
      service: 'Container',
      status: 'success',
      tenantId: 't',
      timestampMs: NOW,
    });
    expect(compact(payload)).toMatch(/^[\x20-\x7e]*$/);
    expect(compact(withUnicodeText(payload))).toMatch(/[^\x20-\x7e]/);
  });

  it('reach about 512 KiB when enlarged and still follow the schema', () => {
    const payload = enlarge(
      buildPayload({
        eventType: 'container.updated',
        service: 'Container',
        status: 'success',
        tenantId: 't',
        timestampMs: NOW,
      }),
    );
    const bytes = Buffer.byteLength(compact(payload));
    expect(bytes).toBeGreaterThanOrEqual(512 * 1024);
    expect(bytes).toBeLessThan(540 * 1024);
    expect(findProblem('callback-payload.json', payload)).toBeNull();
  });
});

describe('the byte forms', () => {
  const value = withUnicodeText(
    buildPayload({
      eventType: 'entity.created',
      service: 'Entity',
      status: 'success',
      tenantId: 't',
      timestampMs: NOW,
    }),
  );

  it.each([
    ['pretty-printed', prettyPrinted],
    ['reversed keys', reversedKeys],
    ['unicode-escaped', unicodeEscaped],
  ])('%s parses to the same value with other bytes', (_name, write) => {
    const written = write(value);
    expect(JSON.parse(written)).toEqual(value);
    expect(written).not.toBe(compact(value));
  });

  it('unicode-escaped writes only ASCII, with \\u00e9, surrogate pairs and \\/', () => {
    const written = unicodeEscaped(value);
    expect(written).toMatch(/^[\x20-\x7e]*$/);
    expect(written).toContain('\\u00e9');
    expect(written).toContain('\\ud83d\\udce6');
    expect(written).toContain('\\/');
  });

  it('pretty-printed uses CRLF line ends and tabs', () => {
    expect(prettyPrinted(value)).toMatch(/^\{\r\n\t"eventId"/);
  });

  it('reversed keys put data before eventId at every depth', () => {
    const written = reversedKeys(value);
    expect(written.indexOf('"data"')).toBeLessThan(written.indexOf('"eventId"'));
  });
});

describe('every forgery', () => {
  for (const scheme of SCHEME_NAMES) {
    for (const forgery of FORGERY_KINDS) {
      it(`is refused by ${scheme}'s own verify in each variant (${forgery})`, () => {
        const body = compact(
          buildPayload({
            eventType: 'container.created',
            service: 'Container',
            status: 'success',
            tenantId: 't',
            timestampMs: Date.now(),
          }),
        );
        for (let variant = 0; variant < FORGERIES[forgery].variants; variant++) {
          const made = FORGERIES[forgery].forge(
            {
              scheme,
              secret: 'whsec_c2VjcmV0LXNlY3JldA==',
              body,
              eventId: 'evt_1',
              timestampMs: Date.now(),
            },
            variant,
          );
          const result = SCHEMES[scheme].verify({
            body: made.body,
            headers: made.headers,
            secrets: ['whsec_c2VjcmV0LXNlY3JldA=='],
            nowMs: Date.now(),
          });
          expect(result.valid, `${made.label}`).toBe(false);
        }
      });
    }
  }
});
