import { randomUUID } from 'node:crypto';
import type { CallbackPayload, EventType, Os1Service } from '../generated/contracts.js';

export interface CallbackPayloadInput {
  eventType: EventType;
  service: Os1Service;
  tenantId: string;
  requestId: string | null;
  timestamp: number;
  status: 'success' | 'failed';
  reason?: string | undefined;
  data: CallbackPayload['data'];
  /** callback.meta; echoed only when the request had one. */
  meta?: { value: CallbackMeta } | undefined;
  /** containerType, participantType or entityType. */
  typeFields?: Pick<CallbackPayload, 'containerType' | 'participantType' | 'entityType'>;
  /** Renames from the eventTypeNames config. */
  eventTypeNames?: Partial<Record<EventType, string>>;
}

/** Whatever the request put in callback.meta. */
export type CallbackMeta = Exclude<CallbackPayload['meta'], undefined>;

/** A random (version 4) UUID from node:crypto, which batches its random bytes. */
export const newEventId = (): string => `evt_${randomUUID()}`;

/** The body of one callback, in the field order receivers see. */
export function buildCallbackPayload(input: CallbackPayloadInput): CallbackPayload {
  const renamed = input.eventTypeNames?.[input.eventType];
  return {
    eventId: newEventId(),
    eventType: (renamed ?? input.eventType) as EventType,
    service: input.service,
    tenantId: input.tenantId,
    ...(input.requestId === null ? {} : { requestId: input.requestId }),
    timestamp: input.timestamp,
    status: input.status,
    ...(input.status === 'failed' ? { reason: input.reason ?? 'processing failed' } : {}),
    ...input.typeFields,
    data: input.data,
    ...(input.meta === undefined ? {} : { meta: input.meta.value }),
  };
}
