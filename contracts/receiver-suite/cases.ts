import type { CallbackPayload } from '../../mock-server/generated/contracts.js';
import type { SchemeName } from '../../mock-server/signing/schemes.js';
import {
  compact,
  MALFORMED_JSON_BODIES,
  prettyPrinted,
  reversedKeys,
  unicodeEscaped,
} from './byte-forms.js';
import type { CaseDefinition, CaseId } from './catalogue.js';
import type { CaseOutcome } from './judge.js';
import { describeAnswer, describeSent, verdict } from './judge.js';
import type { EventKind } from './payloads.js';
import {
  ALL_EVENT_KINDS,
  buildPayload,
  enlarge,
  KNOWN_EVENT_TYPES,
  newEventId,
  ONE_PER_SERVICE,
  SERVICES,
  serviceOf,
  UNKNOWN_EVENT_TYPES,
  withUnicodeText,
  withUnknownFields,
} from './payloads.js';
import type { Exchange, Outgoing, Sender } from './sender.js';
import type { ForgeryKind } from './signatures.js';
import { anotherSecretLike, FORGERIES, FORGERY_KINDS, signedHeaders } from './signatures.js';

export interface CaseContext {
  scheme: SchemeName;
  secret: string;
  tenantId: string;
  timeoutMs: number;
  sender: Sender;
  definition: CaseDefinition;
  now(): number;
}

type CaseRun = (context: CaseContext) => Promise<CaseOutcome>;

const BURST_SIZE = 50;
const TEN_MINUTES_MS = 10 * 60 * 1000;
const CONTAINER_CREATED: EventKind = {
  eventType: 'container.created',
  service: 'Container',
  known: true,
};

interface CallbackSpec {
  kind: EventKind;
  status?: 'success' | 'failed';
  /** Changes the payload before it is written out. */
  shape?: (payload: CallbackPayload) => CallbackPayload;
  /** How the payload becomes bytes; default compact. */
  form?: { write: (value: unknown) => string; label: string };
  eventId?: string;
}

/** A validly signed callback, and the payload it carries. */
function validCallback(
  context: CaseContext,
  spec: CallbackSpec,
  secrets: readonly string[] = [context.secret],
  timestampMs = context.now(),
): Outgoing & { payload: CallbackPayload } {
  const status = spec.status ?? 'success';
  const base = buildPayload({
    eventType: spec.kind.eventType,
    service: spec.kind.service,
    status,
    tenantId: context.tenantId,
    timestampMs: context.now(),
    ...(spec.eventId === undefined ? {} : { eventId: spec.eventId }),
  });
  const payload = spec.shape ? spec.shape(base) : base;
  const form = spec.form ?? { write: compact, label: 'compact JSON' };
  const body = form.write(payload);
  return {
    payload,
    body,
    headers: signedHeaders({
      scheme: context.scheme,
      secrets,
      body,
      eventId: payload.eventId,
      timestampMs,
    }),
    label: `${spec.kind.eventType} (${spec.kind.service}, ${status}) as ${form.label}, validly signed`,
  };
}

/** One forged request for an event kind. */
function forged(
  context: CaseContext,
  kind: EventKind,
  forgery: ForgeryKind,
  variant: number,
): Outgoing {
  const payload = buildPayload({
    eventType: kind.eventType,
    service: kind.service,
    status: 'success',
    tenantId: context.tenantId,
    timestampMs: context.now(),
  });
  const made = FORGERIES[forgery].forge(
    {
      scheme: context.scheme,
      secret: context.secret,
      body: compact(payload),
      eventId: payload.eventId,
      timestampMs: context.now(),
    },
    variant,
  );
  return {
    headers: made.headers,
    body: made.body,
    label: `${kind.eventType} (${kind.service}${kind.known ? '' : ', an event type the receiver cannot know'}) ${made.label}`,
  };
}

const sendAll = (context: CaseContext, outgoings: readonly Outgoing[]): Promise<Exchange[]> =>
  Promise.all(outgoings.map((outgoing) => context.sender.send(context.definition.id, outgoing)));

/** A MUST bad-signature case: every event kind, the forgery's variants spread over them. */
const rejectsForgery =
  (forgery: ForgeryKind): CaseRun =>
  async (context) => {
    const { variants } = FORGERIES[forgery];
    const outgoings = ALL_EVENT_KINDS.map((kind, index) =>
      forged(context, kind, forgery, index % variants),
    );
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'client-error',
      `${outgoings.length} callbacks (${KNOWN_EVENT_TYPES.length} event types and ${SERVICES.length} unknown ones) ${FORGERIES[forgery].summary}`,
    );
  };

/** A MUST case: one callback per service written in another byte form. */
const acknowledgesForm =
  (
    form: NonNullable<CallbackSpec['form']>,
    shape?: (payload: CallbackPayload) => CallbackPayload,
  ): CaseRun =>
  async (context) => {
    const outgoings = ONE_PER_SERVICE.map((kind) =>
      validCallback(context, { kind, form, ...(shape ? { shape } : {}) }),
    );
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'acknowledged',
      `${outgoings.length} callbacks as ${form.label}`,
    );
  };

export const CASE_RUNS: Readonly<Record<CaseId, CaseRun>> = {
  'ack.every-event': async (context) => {
    const outgoings = KNOWN_EVENT_TYPES.flatMap((eventType) =>
      (['success', 'failed'] as const).map((status) =>
        validCallback(context, {
          kind: { eventType, service: serviceOf(eventType), known: true },
          status,
        }),
      ),
    );
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'acknowledged',
      `${outgoings.length} callbacks (${KNOWN_EVENT_TYPES.length} event types × success and failed)`,
    );
  },
  'ack.pretty-printed': acknowledgesForm({
    write: prettyPrinted,
    label: 'tab-indented JSON with CRLF line ends',
  }),
  'ack.key-order': acknowledgesForm({
    write: reversedKeys,
    label: 'JSON with keys in reverse order',
  }),
  'ack.unicode-escapes': acknowledgesForm(
    { write: unicodeEscaped, label: 'JSON with \\u escapes and \\/' },
    withUnicodeText,
  ),
  'ack.raw-utf8': acknowledgesForm(
    { write: compact, label: 'JSON with raw multi-byte UTF-8' },
    withUnicodeText,
  ),
  'ack.large-payload': async (context) => {
    const outgoing = validCallback(context, {
      kind: CONTAINER_CREATED,
      shape: (payload) => enlarge(payload),
      form: { write: compact, label: 'compact JSON of about 512 KiB' },
    });
    return verdict(
      context.definition,
      [await context.sender.send(context.definition.id, outgoing)],
      'acknowledged',
      `a ${Math.round(Buffer.byteLength(outgoing.body) / 1024)} KiB callback`,
    );
  },
  'reject.wrong-secret': rejectsForgery('wrong-secret'),
  'reject.missing-signature': rejectsForgery('missing'),
  'reject.altered-body': rejectsForgery('altered-body'),
  'reject.forged-duplicate': async (context) => {
    const exchanges = await Promise.all(
      ALL_EVENT_KINDS.map(async (kind) => {
        const original = validCallback(context, { kind });
        await context.sender.send(context.definition.id, {
          ...original,
          label: `${original.label} (delivered first, not judged)`,
        });
        const replay = validCallback(
          context,
          {
            kind,
            eventId: original.payload.eventId,
            shape: (payload) => ({ ...payload, data: { ...payload.data, id: 'forged:1' } }),
          },
          [anotherSecretLike(context.secret)],
        );
        return context.sender.send(context.definition.id, {
          ...replay,
          label: `${kind.eventType} (${kind.service}) reusing the eventId of a delivered callback, another body, signed with another secret`,
        });
      }),
    );
    return verdict(
      context.definition,
      exchanges,
      'client-error',
      `${exchanges.length} forged callbacks reusing delivered eventIds`,
    );
  },
  'reject.malformed-signature': rejectsForgery('malformed'),
  'reject.truncated-signature': rejectsForgery('truncated'),
  'reject.empty-signature': rejectsForgery('empty'),
  'reject.wrong-encoding': rejectsForgery('wrong-encoding'),
  'json.malformed': async (context) => {
    const outgoings = MALFORMED_JSON_BODIES.map(({ label, body }) => {
      const valid = validCallback(context, { kind: CONTAINER_CREATED });
      const text = body(valid.body);
      const eventId = newEventId();
      return {
        body: text,
        headers: signedHeaders({
          scheme: context.scheme,
          secrets: [context.secret],
          body: text,
          eventId,
          timestampMs: context.now(),
        }),
        label: `${label}, validly signed`,
      };
    });
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'client-error',
      `${outgoings.length} validly signed bodies that are not JSON`,
    );
  },
  'timing.within-budget': async (context) => {
    const own = await sendAll(
      context,
      ONE_PER_SERVICE.map((kind) => validCallback(context, { kind })),
    );
    const all = context.sender.exchanges;
    const answered = all.filter((exchange) => exchange.answer.kind === 'answered');
    const late = all.filter((exchange) => exchange.answer.kind === 'timeout');
    const unsent = all.filter((exchange) => exchange.answer.kind === 'not-sent').length;
    // A request that failed on the network was not answered in time either: without answers to
    // this case's own requests there is no timing to judge.
    const unanswered = own.filter((exchange) => exchange.answer.kind === 'network-error');
    const slowest = Math.max(0, ...answered.map((exchange) => exchange.answer.ms));
    if (late.length === 0 && unanswered.length === 0) {
      return {
        status: 'passed',
        detail: `all ${answered.length} answers of the run (${all.length} requests) came within ${context.timeoutMs} ms (slowest ${slowest} ms).`,
      };
    }
    if (late.length === 0) {
      return {
        status: 'failed',
        detail: [
          `${unanswered.length} of this case's ${own.length} valid callbacks got no answer at all, so the time to answer could not be measured.`,
          ...unanswered
            .slice(0, 3)
            .map(
              (exchange) =>
                `Sent ${describeSent(exchange)}; got ${describeAnswer(exchange.answer)}.`,
            ),
        ].join('\n'),
      };
    }
    return {
      status: 'failed',
      detail: [
        `${late.length} of ${all.length} requests got no answer within the ${context.timeoutMs} ms budget${unsent > 0 ? `; ${unsent} more were not sent because the receiver looked stuck` : ''}.`,
        ...late
          .slice(0, 3)
          .map(
            (exchange) =>
              `Sent ${describeSent(exchange)} for ${exchange.caseId}; got ${describeAnswer(exchange.answer)}.`,
          ),
        `Likely bug: ${context.definition.likelyBug}`,
      ].join('\n'),
    };
  },
  'reject.unauthorized-status': async (context) => {
    const outgoings = FORGERY_KINDS.map((forgery) =>
      forged(context, CONTAINER_CREATED, forgery, 0),
    );
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'unauthorized',
      `${outgoings.length} callbacks with each kind of bad signature`,
    );
  },
  'ack.duplicate-event-id': async (context) => {
    const exchanges = await Promise.all(
      ONE_PER_SERVICE.map(async (kind) => {
        const outgoing = validCallback(context, { kind });
        const first = await context.sender.send(context.definition.id, {
          ...outgoing,
          label: `${outgoing.label} (first delivery)`,
        });
        const second = await context.sender.send(context.definition.id, {
          ...outgoing,
          label: `${outgoing.label} (the same bytes and eventId again)`,
        });
        return [first, second];
      }),
    );
    return verdict(
      context.definition,
      exchanges.flat(),
      'acknowledged',
      `${exchanges.length} callbacks each delivered twice`,
    );
  },
  'ack.unknown-event-type': async (context) => {
    const outgoings = SERVICES.map((service) =>
      validCallback(context, {
        kind: { eventType: UNKNOWN_EVENT_TYPES[service], service, known: false },
      }),
    );
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'acknowledged',
      `${outgoings.length} callbacks with unknown event types (${Object.values(UNKNOWN_EVENT_TYPES).join(', ')})`,
    );
  },
  'ack.unknown-fields': acknowledgesForm(
    { write: compact, label: 'compact JSON with fields the schema does not name' },
    withUnknownFields,
  ),
  'ack.concurrent-burst': async (context) => {
    const outgoings = Array.from({ length: BURST_SIZE }, (_, index) => {
      const eventType = KNOWN_EVENT_TYPES[index % KNOWN_EVENT_TYPES.length] ?? 'container.created';
      return validCallback(context, {
        kind: { eventType, service: serviceOf(eventType), known: true },
      });
    });
    return verdict(
      context.definition,
      await context.sender.burst(context.definition.id, outgoings),
      'acknowledged',
      `${BURST_SIZE} callbacks sent at the same moment`,
    );
  },
  'timestamp.stale': timestampedBy(-TEN_MINUTES_MS, '10 minutes old'),
  'timestamp.future': timestampedBy(TEN_MINUTES_MS, '10 minutes ahead'),
  'rotation.multiple-signatures': async (context) => {
    const other = anotherSecretLike(context.secret);
    const outgoings = ONE_PER_SERVICE.flatMap((kind) => [
      {
        ...validCallback(context, { kind }, [other, context.secret]),
        label: `${kind.eventType} (${kind.service}) with two signatures, yours second`,
      },
      {
        ...validCallback(context, { kind }, [context.secret, other]),
        label: `${kind.eventType} (${kind.service}) with two signatures, yours first`,
      },
    ]);
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'acknowledged',
      `${outgoings.length} callbacks signed with --secret and another secret, in both orders`,
    );
  },
};

function timestampedBy(offsetMs: number, words: string): CaseRun {
  return async (context) => {
    const outgoings = ONE_PER_SERVICE.map((kind) => ({
      ...validCallback(context, { kind }, [context.secret], context.now() + offsetMs),
      label: `${kind.eventType} (${kind.service}) correctly signed, timestamp ${words}`,
    }));
    return verdict(
      context.definition,
      await sendAll(context, outgoings),
      'client-error',
      `${outgoings.length} callbacks with a timestamp ${words}`,
    );
  };
}
