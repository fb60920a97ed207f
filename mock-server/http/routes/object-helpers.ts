import type { Outcome } from '../../domain/operations.js';
import { transition } from '../../domain/state-machine.js';
import type { TenantData } from '../../domain/store.js';
import type {
  AttributeDefinition,
  StateEventRequest,
  StateMachineDefinition,
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

/** What a state event can move: a participant or a container. */
interface Stateful {
  id: string;
  state: string;
  updatedAt: number;
  updatedBy: string;
}

export interface StateEventTarget<T extends Stateful> {
  id: string;
  /** The stored object, or undefined when it does not exist (a failed create, another type). */
  object: T | undefined;
  /** Why it failed when there is no object. */
  missingReason: string;
  machine: StateMachineDefinition;
}

/**
 * Applies a state event when its operation falls due: moves the object, or fails with the reason
 * (no such object, or the machine does not allow the event in its state). `afterMove` adds data
 * to a success, such as the containers an event propagated to.
 */
export function applyStateEvent<T extends Stateful>(
  target: StateEventTarget<T>,
  request: StateEventRequest,
  userId: string,
  now: number,
  afterMove: (object: T) => Record<string, unknown> = () => ({}),
): Outcome {
  const { id, object } = target;
  const event = stateEventData(request, now);
  if (!object) return { status: 'failed', reason: target.missingReason, data: { id, event } };
  const result = transition(target.machine, object.state, request.eventCode);
  if (!result.ok) {
    return { status: 'failed', reason: result.reason, data: { id, state: object.state, event } };
  }
  object.state = result.to;
  object.updatedAt = now;
  object.updatedBy = userId;
  const fields = object as unknown as Record<string, unknown>;
  return { status: 'success', data: { ...fields, id, event, ...afterMove(object) } };
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
