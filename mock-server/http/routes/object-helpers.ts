import type { TenantData } from '../../domain/store.js';
import type {
  AttributeDefinition,
  StateEventRequest,
  TypeHooks,
} from '../../generated/contracts.js';

/** Attributes by name: new definitions replace old ones of the same name, others are kept. */
export function mergeAttributes(
  current: readonly AttributeDefinition[],
  incoming: readonly AttributeDefinition[],
): AttributeDefinition[] {
  const byName = new Map(current.map((attribute) => [attribute.name, attribute]));
  for (const attribute of incoming) byName.set(attribute.name, attribute);
  return [...byName.values()];
}

/** `data.event` of a state-event callback: {name, timestamp, propagate, data, source}. */
export function stateEventData(body: StateEventRequest, now: number) {
  return {
    name: body.eventCode,
    ...(body.reasonCode === undefined ? {} : { reasonCode: body.reasonCode }),
    timestamp: body.timestamp ?? now,
    propagate: body.propagate ?? false,
    data: body.data ?? {},
    source: body.source ?? {},
  };
}

/**
 * The key that orders the operations and callbacks of a participant or container type. Type names
 * repeat across tenants (every tenant has the seeded ones), so the key names the tenant: one
 * tenant's stalled callback must never hold back another tenant's.
 */
export const typeObjectKey = (
  kind: 'participant-type' | 'container-type',
  tenantId: string,
  name: string,
): string => `${kind}:${tenantId}/${name}`;

/** Replaces a type's pre-configured hooks; `{}` removes them. */
export function setTypeHooks(tenant: TenantData, key: string, hooks: TypeHooks): void {
  if (hooks.onRequest || hooks.onError) tenant.typeHooks.set(key, hooks);
  else tenant.typeHooks.delete(key);
}
