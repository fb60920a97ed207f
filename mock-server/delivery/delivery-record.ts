import type { DeliveryRecord, DeliveryState } from '../generated/contracts.js';

// The shapes come from contracts/schemas/admin-delivery.json, which the admin API documents.
export type { DeliveryAttempt, DeliveryRecord, DeliveryState } from '../generated/contracts.js';

export const DELIVERY_STATES = [
  'scheduled',
  'delivering',
  'delivered',
  'retrying',
  'dead',
  'dropped',
] as const satisfies readonly DeliveryState[];

/** Delivered, dead, or dropped by failure simulation: nothing more will happen on its own. */
export const isFinal = (state: DeliveryState): boolean =>
  state === 'delivered' || state === 'dead' || state === 'dropped';

/** What the admin API and handles show: the record, which holds nothing secret. */
export type DeliveryView = DeliveryRecord;
