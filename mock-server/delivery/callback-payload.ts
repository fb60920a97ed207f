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

/**
 * The body of one callback, in the field order receivers see. Built field by field: spreading
 * optional parts into one literal makes V8 build it on a slow path, once per callback.
 */
export function buildCallbackPayload(input: CallbackPayloadInput): CallbackPayload {
  const renamed = input.eventTypeNames?.[input.eventType];
  const payload: Record<string, unknown> = {
    eventId: newEventId(),
    eventType: renamed ?? input.eventType,
    service: input.service,
    tenantId: input.tenantId,
  };
  if (input.requestId !== null) payload.requestId = input.requestId;
  payload.timestamp = input.timestamp;
  payload.status = input.status;
  if (input.status === 'failed') payload.reason = input.reason ?? 'processing failed';
  if (input.typeFields) Object.assign(payload, input.typeFields);
  payload.data = input.data;
  if (input.meta !== undefined) payload.meta = input.meta.value;
  return payload as CallbackPayload;
}
