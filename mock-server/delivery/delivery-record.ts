import type { DeliveryRecord, DeliveryState } from '../generated/contracts.js';

// The shapes come from contracts/schemas/admin-delivery.json, which the admin API documents.
export type { DeliveryAttempt, DeliveryRecord, DeliveryState } from '../generated/contracts.js';

export const DELIVERY_STATES = [
  'scheduled',
  'delivering',
  'delivered',
  'retrying',
  'dead',
] as const satisfies readonly DeliveryState[];

export const isFinal = (state: DeliveryState): boolean => state === 'delivered' || state === 'dead';

/** What the admin API and handles show: the record, which holds nothing secret. */
export type DeliveryView = DeliveryRecord;
