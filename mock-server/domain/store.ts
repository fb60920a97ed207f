import type {
  Container,
  ContainerType,
  ContainerTypeCreateRequest,
  Entity,
  Participant,
  ParticipantType,
  ParticipantTypeCreateRequest,
  StateMachineDefinition,
  TypeHooks,
} from '../generated/contracts.js';
import type { StoredKind, StoredMap } from './object-capacity.js';
import { ObjectCapacity } from './object-capacity.js';
import { ReadLag } from './read-lag.js';
import { UniqueCodes } from './unique-codes.js';

export interface BatchRecord {
  id: string;
  service: 'Participant' | 'Container';
  type: string;
  status: 'accepted' | 'processing' | 'completed' | 'failed';
  /** Why the whole batch failed, when it did. */
  reason?: string;
  total: number;
  success: Array<{ refID: string; id: string }>;
  errors: Array<{ refID: string; reason: string }>;
  createdAt: number;
  updatedAt: number;
}

/**
 * One tenant's processed data. Tenants never see each other's. Participants, containers, entities
 * and batches count against the store's capacity (`Store.capacity`): past it, the oldest go.
 */
export interface TenantData {
  readonly participantTypes: Map<string, ParticipantType>;
  readonly participants: Map<string, Participant>;
  /** Which stored participant holds each uniqueCode, scoped by participant type plural. */
  readonly participantCodes: UniqueCodes;
  readonly containerTypes: Map<string, ContainerType>;
  readonly containers: Map<string, Container>;
  /** Keyed by `${appId}/${entityTypePlural}`, then by id. Add one with `entityCollection`. */
  readonly entities: Map<string, Map<string, Entity>>;
  /** The collection stored under `key` (`${appId}/${entityTypePlural}`), made on first use. */
  entityCollection(key: string): Map<string, Entity>;
  /** Which stored entity holds each uniqueCode, scoped by collection key. */
  readonly entityCodes: UniqueCodes;
  readonly batches: Map<string, BatchRecord>;
  /** onRequest / onError hooks pre-configured per type, keyed by `typeHooksKey`. */
  readonly typeHooks: Map<string, TypeHooks>;
}

/** The key of a type's pre-configured hooks in `TenantData.typeHooks`. */
export const typeHooksKey = (
  kind: 'participant-type' | 'container-type' | 'entity-type',
  name: string,
): string => `${kind}:${name}`;

export interface StoreOptions {
  /** Eventual consistency of GET and list (config consistency.lagMs); 0: reads never lag. */
  lagMs?: number;
  /** Most objects kept across tenants (config store.maxObjects); 0: no limit. */
  maxObjects?: number;
}

export interface SeedData {
  participantTypes: readonly ParticipantTypeCreateRequest[];
  containerTypes: readonly ContainerTypeCreateRequest[];
}

/** The in-memory store, one TenantData per X-COREOS-TID, seeded with default types on first use. */
export class Store {
  readonly #tenants = new Map<string, TenantData>();
  readonly #seed: SeedData;
  readonly #containerMachine: StateMachineDefinition;
  readonly #now: () => number;
  /** Eventual consistency of GET and list (config consistency.lagMs); null when reads never lag. */
  readonly #lag: ReadLag | null;
  /** How many objects are stored, and the oldest forgotten past `store.maxObjects`. */
  readonly capacity: ObjectCapacity;

  constructor(
    seed: SeedData,
    containerMachine: StateMachineDefinition,
    now: () => number,
    options: StoreOptions = {},
  ) {
    const { lagMs = 0, maxObjects = 0 } = options;
    this.#seed = seed;
    this.#containerMachine = containerMachine;
    this.#now = now;
    this.capacity = new ObjectCapacity(maxObjects);
    const lag = lagMs > 0 ? new ReadLag(lagMs, now) : null;
    this.#lag = lag;
    // What a lagging view remembers of an object goes with it, and so does its uniqueCode.
    if (lag) this.capacity.onEvict((map, id) => lag.forget(map, id));
    this.capacity.onEvict((map, id, object) => this.#releaseCode(map, id, object));
  }

  /** Runs `fn` with reads of participants, containers and entities that lag (GET and list). */
  laggedReads<T>(fn: () => T): T {
    return this.#lag ? this.#lag.laggedReads(fn) : fn();
  }

  tenant(tenantId: string): TenantData {
    let data = this.#tenants.get(tenantId);
    if (!data) {
      data = this.#seeded(tenantId);
      this.#tenants.set(tenantId, data);
    }
    return data;
  }

  reset(): void {
    this.#tenants.clear();
    this.capacity.reset();
  }

  get tenantCount(): number {
    return this.#tenants.size;
  }

  /** Frees the uniqueCode of a participant or entity the capacity forgot. */
  #releaseCode(map: StoredMap<unknown>, id: string, object: unknown): void {
    if (map.kind !== 'participants' && map.kind !== 'entities') return;
    // Only maps of the current generation are evicted, and they belong to the current tenant data.
    const tenant = this.#tenants.get(map.tenantId);
    if (tenant === undefined) return;
    if (map.kind === 'participants') {
      const { participantType, uniqueCode } = object as Participant;
      tenant.participantCodes.release(participantType, uniqueCode, id);
    } else {
      tenant.entityCodes.release(map.key, (object as Entity).uniqueCode, id);
    }
  }

  #seeded(tenantId: string): TenantData {
    const now = this.#now();
    const lag = this.#lag;
    const capacity = this.capacity;
    const stored = <V extends object>(kind: StoredKind): Map<string, V> => {
      const map = capacity.map<V>({ tenantId, kind });
      return lag ? lag.view(map) : map;
    };
    const collections = new Map<string, Map<string, Entity>>();
    const entities = lag ? lag.viewNested(collections) : collections;
    const data: TenantData = {
      participantTypes: new Map(),
      participants: stored('participants'),
      participantCodes: new UniqueCodes(),
      containerTypes: new Map(),
      containers: stored('containers'),
      entities,
      entityCollection(key) {
        let collection = entities.get(key);
        if (!collection) {
          // Eviction drops the collection from `collections` once it has emptied it.
          collections.set(
            key,
            capacity.map<Entity>({ tenantId, kind: 'entities' }, collections, key),
          );
          collection = entities.get(key) as Map<string, Entity>;
        }
        return collection;
      },
      entityCodes: new UniqueCodes(),
      batches: capacity.map<BatchRecord>({ tenantId, kind: 'batches' }),
      typeHooks: new Map(),
    };
    for (const request of this.#seed.participantTypes) {
      data.participantTypes.set(request.name.plural, participantTypeFrom(request, now));
    }
    for (const request of this.#seed.containerTypes) {
      data.containerTypes.set(
        request.name,
        containerTypeFrom(request, structuredClone(this.#containerMachine), now),
      );
    }
    return data;
  }
}

export function participantTypeFrom(
  request: ParticipantTypeCreateRequest,
  now: number,
): ParticipantType {
  return {
    name: { singular: request.name.singular, plural: request.name.plural },
    ...(request.alias === undefined ? {} : { alias: request.alias }),
    ...(request.category === undefined ? {} : { category: request.category }),
    allowedOwner: request.allowedOwner ?? [],
    ...(request.entityCode === undefined ? {} : { entityCode: request.entityCode }),
    attributes: [],
    createdAt: now,
    updatedAt: now,
  };
}

export function containerTypeFrom(
  request: ContainerTypeCreateRequest,
  stateMachine: StateMachineDefinition,
  now: number,
): ContainerType {
  return {
    name: request.name,
    isLeaf: request.isLeaf ?? false,
    allowedParent: request.allowedParent ?? [],
    attributes: [],
    stateMachine,
    createdAt: now,
    updatedAt: now,
  };
}
