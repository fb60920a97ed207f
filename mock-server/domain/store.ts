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
import { ReadLag } from './read-lag.js';

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

/** One tenant's processed data. Tenants never see each other's. */
export interface TenantData {
  readonly participantTypes: Map<string, ParticipantType>;
  readonly participants: Map<string, Participant>;
  readonly containerTypes: Map<string, ContainerType>;
  readonly containers: Map<string, Container>;
  /** Keyed by `${appId}/${entityTypePlural}`, then by id. */
  readonly entities: Map<string, Map<string, Entity>>;
  readonly batches: Map<string, BatchRecord>;
  /** onRequest / onError hooks pre-configured per type, keyed by `typeHooksKey`. */
  readonly typeHooks: Map<string, TypeHooks>;
}

/** The key of a type's pre-configured hooks in `TenantData.typeHooks`. */
export const typeHooksKey = (
  kind: 'participant-type' | 'container-type' | 'entity-type',
  name: string,
): string => `${kind}:${name}`;

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

  constructor(
    seed: SeedData,
    containerMachine: StateMachineDefinition,
    now: () => number,
    lagMs = 0,
  ) {
    this.#seed = seed;
    this.#containerMachine = containerMachine;
    this.#now = now;
    this.#lag = lagMs > 0 ? new ReadLag(lagMs, now) : null;
  }

  /** Runs `fn` with reads of participants, containers and entities that lag (GET and list). */
  laggedReads<T>(fn: () => T): T {
    return this.#lag ? this.#lag.laggedReads(fn) : fn();
  }

  tenant(tenantId: string): TenantData {
    let data = this.#tenants.get(tenantId);
    if (!data) {
      data = this.#seeded();
      this.#tenants.set(tenantId, data);
    }
    return data;
  }

  reset(): void {
    this.#tenants.clear();
  }

  get tenantCount(): number {
    return this.#tenants.size;
  }

  #seeded(): TenantData {
    const now = this.#now();
    const data: TenantData = {
      participantTypes: new Map(),
      participants: this.#lag ? this.#lag.view(new Map()) : new Map(),
      containerTypes: new Map(),
      containers: this.#lag ? this.#lag.view(new Map()) : new Map(),
      entities: this.#lag ? this.#lag.viewNested(new Map()) : new Map(),
      batches: new Map(),
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
