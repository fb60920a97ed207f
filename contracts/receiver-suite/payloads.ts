import { randomUUID } from 'node:crypto';
import type {
  CallbackPayload,
  EventType,
  Os1Service,
} from '../../mock-server/generated/contracts.js';
import callbackPayloadSchema from '../schemas/callback-payload.json' with { type: 'json' };

/** Every event type in contracts/schemas/callback-payload.json, in schema order. */
export const KNOWN_EVENT_TYPES = callbackPayloadSchema.$defs.eventType.enum as readonly EventType[];

export const SERVICES: readonly Os1Service[] = ['Participant', 'Container', 'Entity'];

/** Event types no receiver can know yet, one per service: what a future OS1 release may send. */
export const UNKNOWN_EVENT_TYPES: Readonly<Record<Os1Service, string>> = {
  Participant: 'participant.future-event',
  Container: 'container.future-event',
  Entity: 'entity.future-event',
};

/** One known and every unknown event type: what bad-signature cases cover. */
export interface EventKind {
  eventType: string;
  service: Os1Service;
  known: boolean;
}

export function serviceOf(eventType: string): Os1Service {
  if (eventType.startsWith('participant')) return 'Participant';
  if (eventType.startsWith('container')) return 'Container';
  if (eventType.startsWith('entity')) return 'Entity';
  throw new Error(`no service for event type ${eventType}`);
}

/** Every known event type plus one unknown per service. */
export const ALL_EVENT_KINDS: readonly EventKind[] = [
  ...KNOWN_EVENT_TYPES.map((eventType) => ({
    eventType,
    service: serviceOf(eventType),
    known: true,
  })),
  ...SERVICES.map((service) => ({
    eventType: UNKNOWN_EVENT_TYPES[service],
    service,
    known: false,
  })),
];

/** One created event per service: what the byte-variant cases send. */
export const ONE_PER_SERVICE: readonly EventKind[] = SERVICES.map((service) => ({
  eventType: `${service.toLowerCase()}.created`,
  service,
  known: true,
}));

export const newEventId = (): string => `evt_${randomUUID()}`;

export interface PayloadInput {
  eventType: string;
  service: Os1Service;
  status: 'success' | 'failed';
  tenantId: string;
  timestampMs: number;
  eventId?: string;
}

/**
 * A callback body the way os1-mock builds one (contracts/schemas/callback-payload.json), with data
 * shaped like the service's own: ids `<type>:<uuid>`, state events and batch summaries where the
 * event type has them. ASCII only (see withUnicodeText).
 */
export function buildPayload(input: PayloadInput): CallbackPayload {
  const { eventType, service, status } = input;
  const typeName = TYPE_NAMES[service];
  const isTypeEvent = eventType.includes('-type.');
  const id = isTypeEvent ? typeName : `${typeName}:${randomUUID()}`;
  const payload: Record<string, unknown> = {
    eventId: input.eventId ?? newEventId(),
    eventType,
    service,
    tenantId: input.tenantId,
    ...(eventType === 'container.ttl-expired' ? {} : { requestId: `req-${randomUUID()}` }),
    timestamp: input.timestampMs,
    status,
    ...(status === 'failed'
      ? { reason: `${service.toLowerCase()} ${id} could not be processed` }
      : {}),
    [TYPE_FIELDS[service]]: typeName,
    data: status === 'failed' ? { id } : successData(eventType, service, id, input.timestampMs),
    meta: { orderRef: 'ORD-7', note: 'deliver to the back door' },
  };
  return payload as unknown as CallbackPayload;
}

const TYPE_NAMES: Readonly<Record<Os1Service, string>> = {
  Participant: 'riders',
  Container: 'bag',
  Entity: 'orders',
};

const TYPE_FIELDS: Readonly<Record<Os1Service, string>> = {
  Participant: 'participantType',
  Container: 'containerType',
  Entity: 'entityType',
};

function successData(
  eventType: string,
  service: Os1Service,
  id: string,
  timestampMs: number,
): CallbackPayload['data'] {
  if (eventType.endsWith('.batch-completed')) {
    return {
      id: `batch:${randomUUID()}`,
      meta: { status: 'COMPLETED', success: 1, failed: 1, total: 2 },
      errors: [{ refID: 'ref-2', reason: 'uniqueCode already exists' }],
      success: [{ refID: 'ref-1', id }],
    };
  }
  if (eventType.endsWith('-type.created')) return { id, name: { singular: id, plural: id } };
  if (eventType.endsWith('.attributes-updated')) {
    return { id, attributes: [{ name: 'colour', dataType: 'string', indexed: true }] };
  }
  if (eventType.endsWith('.state-machine-updated')) {
    return { id, stateMachine: { initial: 'created', states: ['created', 'open', 'closed'] } };
  }
  if (eventType.endsWith('.state-changed') || eventType.endsWith('.ttl-expired')) {
    return {
      id,
      state: eventType.endsWith('.ttl-expired') ? 'expired' : 'active:active',
      event: {
        name: eventType.endsWith('.ttl-expired') ? 'TTL' : 'E-023',
        timestamp: timestampMs,
        propagate: false,
        data: {},
        source: { appId: 'app:console', userId: 'user:7' },
      },
    };
  }
  if (eventType.endsWith('.containerized') || eventType.endsWith('.decontainerized')) {
    return { id, parentId: `bag:${randomUUID()}` };
  }
  return {
    id,
    uniqueCode: `U-${id.slice(-6)}`,
    name: `${service} ${id.slice(-4)}`,
    owner: 'owner:depot-1',
    state: 'created',
    properties: { city: 'Sao Paulo', label: 'fragile', weightKg: 2.5 },
    createdAt: timestampMs,
    updatedAt: timestampMs,
  };
}

/**
 * Puts non-ASCII text (accents, CJK, an emoji outside the BMP) where receivers keep free text.
 * The plain payloads are ASCII, so only the cases about text encoding depend on it.
 */
export function withUnicodeText(payload: CallbackPayload): CallbackPayload {
  return {
    ...payload,
    meta: { orderRef: 'ORD-7', note: 'Lieferung für Café Zürich, 東京 📦' },
    data: { ...payload.data, label: 'Zoë Ångström / São Paulo' },
  };
}

/** Adds fields the schema does not name, at the top level and inside data. */
export function withUnknownFields(payload: CallbackPayload): CallbackPayload {
  return {
    ...payload,
    schemaVersion: 3,
    trace: { spanId: 'f1e2d3c4', sampled: true },
    data: { ...payload.data, futureAttribute: ['a', 1, null] },
  } as CallbackPayload;
}

/** Makes the payload about 512 KiB by adding items to data. */
export function enlarge(payload: CallbackPayload, targetBytes = 512 * 1024): CallbackPayload {
  const item = (index: number) => ({
    sku: `SKU-${String(index).padStart(6, '0')}`,
    quantity: (index % 7) + 1,
    description: 'Coffee beans, roasted, 1 kg bag',
  });
  const itemBytes = Buffer.byteLength(JSON.stringify(item(0))) + 1;
  const count = Math.ceil(targetBytes / itemBytes);
  return {
    ...payload,
    data: { ...payload.data, items: Array.from({ length: count }, (_, index) => item(index)) },
  };
}
