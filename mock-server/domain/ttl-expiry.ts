import { buildCallbackPayload } from '../delivery/callback-payload.js';
import type { DeliveryQueue } from '../delivery/delivery-queue.js';
import type { EventType } from '../generated/contracts.js';
import type { ScheduledJob, Scheduler } from '../scheduler.js';
import type { OperationProcessor, ProcessedOperation } from './operations.js';
import { transition } from './state-machine.js';
import type { Store } from './store.js';

export interface TtlExpiryOptions {
  operations: OperationProcessor;
  store: Store;
  scheduler: Scheduler;
  deliveries: DeliveryQueue;
  eventTypeNames: Partial<Record<EventType, string>>;
}

/** Where a TTL callback goes: the callback of the request that moved the container into the state. */
interface Notify {
  url: string;
  requestSecret: string | null;
}

/**
 * OS1's per-state TTLs: when a container enters a state of its type's machine that has `ttlMs` and
 * `ttlEvent`, the event is applied on its own that long after (on the mock's clock) if the container
 * is still in that state, and a `container.ttl-expired` callback nobody asked for is sent to the
 * callback URL of the request that moved it into the state (none if that request had none).
 * Follows processed operations through `onProcessed`; answers a function that stops it.
 */
export class TtlExpiry {
  readonly #options: TtlExpiryOptions;
  /** The armed expiry per tenant and container; arming again replaces it. */
  readonly #armed = new Map<string, ScheduledJob>();
  readonly #stopFollowing: () => void;
  readonly #stopForgetting: () => void;

  constructor(options: TtlExpiryOptions) {
    this.#options = options;
    this.#stopFollowing = options.operations.onProcessed((processed) => this.#follow(processed));
    // A container the store forgot (store.maxObjects) has nothing left to expire.
    this.#stopForgetting = options.store.capacity.onEvict((map, id) => {
      if (map.kind === 'containers') this.#disarm(armedKey(map.tenantId, id));
    });
  }

  /** Expiries armed and not yet due. */
  get armed(): number {
    return this.#armed.size;
  }

  stop(): void {
    this.#stopFollowing();
    this.#stopForgetting();
    this.reset();
  }

  /** Forgets every armed expiry (the scheduler's reset cancels the jobs themselves). */
  reset(): void {
    for (const job of this.#armed.values()) job.cancel();
    this.#armed.clear();
  }

  #follow({ operation, outcome }: ProcessedOperation): void {
    if (operation.service !== 'Container' || outcome.status !== 'success') return;
    const data = outcome.data as {
      id: string;
      propagatedTo?: string[];
      success?: Array<{ id: string }>;
    };
    const notify: Notify | null = operation.callback
      ? { url: operation.callback.url, requestSecret: operation.requestSecret }
      : null;
    const now = this.#options.scheduler.clock.now();
    const tenant = this.#options.store.tenant(operation.tenantId);
    let entered: string[] = [];
    switch (operation.eventType) {
      case 'container.created':
        entered = [data.id];
        break;
      case 'container.state-changed':
        entered = [data.id, ...(data.propagatedTo ?? [])];
        break;
      case 'container.batch-completed':
        // Only the containers this batch created entered a state; updated ones did not move.
        entered = (data.success ?? [])
          .map((item) => item.id)
          .filter((id) => tenant.containers.get(id)?.createdAt === now);
        break;
      default:
        return;
    }
    for (const id of entered) this.#arm(operation.tenantId, id, notify);
  }

  /** Arms the expiry of the state the container is in now, if that state has a TTL. */
  #arm(tenantId: string, id: string, notify: Notify | null): void {
    const key = armedKey(tenantId, id);
    this.#disarm(key);
    const tenant = this.#options.store.tenant(tenantId);
    const container = tenant.containers.get(id);
    if (!container) return;
    const machine = tenant.containerTypes.get(container.containerType)?.stateMachine;
    const state = machine?.states.find((candidate) => candidate.name === container.state);
    if (!state?.ttlMs || !state.ttlEvent) return;
    const { ttlMs, ttlEvent, name } = state;
    const { scheduler } = this.#options;
    const job = scheduler.at(scheduler.clock.now() + ttlMs, () => {
      if (this.#armed.get(key) === job) this.#armed.delete(key);
      this.#expire(tenantId, id, name, ttlEvent, ttlMs, notify);
    });
    this.#armed.set(key, job);
  }

  #expire(
    tenantId: string,
    id: string,
    state: string,
    ttlEvent: string,
    ttlMs: number,
    notify: Notify | null,
  ): void {
    const tenant = this.#options.store.tenant(tenantId);
    const container = tenant.containers.get(id);
    if (!container || container.state !== state) return;
    const type = tenant.containerTypes.get(container.containerType);
    const result = type ? transition(type.stateMachine, state, ttlEvent) : null;
    if (!result?.ok) return;
    const now = this.#options.scheduler.clock.now();
    container.state = result.to;
    container.updatedAt = now;
    if (notify) {
      const payload = buildCallbackPayload({
        eventType: 'container.ttl-expired',
        service: 'Container',
        tenantId,
        requestId: null,
        timestamp: now,
        status: 'success',
        data: {
          ...container,
          previousState: state,
          event: { name: ttlEvent, timestamp: now, ttlMs },
        },
        typeFields: { containerType: container.containerType },
        eventTypeNames: this.#options.eventTypeNames,
      });
      this.#options.deliveries.enqueue({
        eventType: 'container.ttl-expired',
        service: 'Container',
        tenantId,
        requestId: null,
        objectKey: id,
        url: notify.url,
        payload,
        requestSecret: notify.requestSecret,
      });
    }
    // The new state may have a TTL of its own.
    this.#arm(tenantId, id, notify);
  }

  #disarm(key: string): void {
    this.#armed.get(key)?.cancel();
    this.#armed.delete(key);
  }
}

const armedKey = (tenantId: string, id: string): string => `${tenantId}\u0000${id}`;
