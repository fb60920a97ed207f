/** The kinds of stored object that count against the capacity. */
export type StoredKind = 'participants' | 'containers' | 'entities' | 'batches';

/** Where a stored object lives. */
export interface ObjectPlace {
  readonly tenantId: string;
  readonly kind: StoredKind;
}

/** Told of each object the capacity forgets: the map (tenant, kind) it was in, its id, the object. */
export type EvictionListener = (map: StoredMap<unknown>, id: string, object: unknown) => void;

/** Entries behind the head of the creation order are dropped once there are this many. */
const COMPACT_AFTER = 1024;

/**
 * How many objects the store holds across tenants and kinds (config `store.maxObjects`, 0 for no
 * limit), and which one to forget when a new one would go over: the oldest created, as WireMock
 * bounds its request journal. Updating an object does not count.
 *
 * The creation order is two arrays (map, id) read from `#head`: O(1) per new object. An id deleted
 * by other means is skipped when its turn comes; one deleted and created again in the same map goes
 * at the turn of its first creation.
 */
export class ObjectCapacity {
  /** Most objects kept; 0 for no limit. */
  readonly max: number;
  #stored = 0;
  #evicted = 0;
  /** Bumped by reset(): maps from before it (held by work still in flight) no longer count. */
  #generation = 0;
  #maps: StoredMap<unknown>[] = [];
  #ids: string[] = [];
  #head = 0;
  readonly #evictionListeners = new Set<EvictionListener>();
  readonly #startListeners = new Set<(max: number) => void>();

  constructor(max: number) {
    this.max = max;
  }

  /** Objects stored now. */
  get stored(): number {
    return this.#stored;
  }

  /** Objects forgotten to stay within `max` since the start or the last reset. */
  get evicted(): number {
    return this.#evicted;
  }

  /** A map of one tenant's objects of one kind, counted here; `owner` holds it under `key`. */
  map<V>(place: ObjectPlace, owner?: Map<string, unknown>, key = ''): StoredMap<V> {
    return new StoredMap<V>(this, this.#generation, place, owner ?? null, key);
  }

  /** Calls `listener` for each object forgotten; answers a function that stops it. */
  onEvict(listener: EvictionListener): () => void {
    this.#evictionListeners.add(listener);
    return () => this.#evictionListeners.delete(listener);
  }

  /** Calls `listener` when the first object is forgotten (again after a reset). */
  onEvictionStart(listener: (max: number) => void): () => void {
    this.#startListeners.add(listener);
    return () => this.#startListeners.delete(listener);
  }

  /** Forgets the count and the creation order (the store drops the objects themselves). */
  reset(): void {
    this.#generation++;
    this.#stored = 0;
    this.#evicted = 0;
    this.#maps = [];
    this.#ids = [];
    this.#head = 0;
  }

  /** StoredMap.set calls this for an id that was not in the map. */
  added(map: StoredMap<unknown>, id: string): void {
    if (map.generation !== this.#generation) return;
    this.#stored++;
    if (this.max === 0) return;
    this.#maps.push(map);
    this.#ids.push(id);
    if (this.#stored > this.max) this.#evictOldest();
  }

  /** StoredMap.delete and clear call this with how many objects went. */
  removed(map: StoredMap<unknown>, count: number): void {
    if (map.generation !== this.#generation) return;
    this.#stored -= count;
    // Their places in the creation order are skipped later; drop them if they pile up.
    if (this.#ids.length - this.#head > 2 * this.#stored + COMPACT_AFTER) this.#dropForgotten();
  }

  #evictOldest(): void {
    const maps = this.#maps;
    const ids = this.#ids;
    while (this.#head < ids.length) {
      const map = maps[this.#head] as StoredMap<unknown>;
      const id = ids[this.#head] as string;
      this.#head++;
      const object = map.evict(id);
      if (object === undefined) continue; // deleted before its turn
      this.#stored--;
      this.#evicted++;
      if (this.#evicted === 1) for (const listener of this.#startListeners) listener(this.max);
      for (const listener of this.#evictionListeners) listener(map, id, object);
      break;
    }
    if (this.#head >= COMPACT_AFTER && this.#head * 2 >= ids.length) {
      maps.copyWithin(0, this.#head);
      ids.copyWithin(0, this.#head);
      maps.length -= this.#head;
      ids.length -= this.#head;
      this.#head = 0;
    }
  }

  /** Keeps in the creation order only the ids still stored. */
  #dropForgotten(): void {
    const maps: StoredMap<unknown>[] = [];
    const ids: string[] = [];
    for (let index = this.#head; index < this.#ids.length; index++) {
      const map = this.#maps[index] as StoredMap<unknown>;
      const id = this.#ids[index] as string;
      if (map.has(id)) {
        maps.push(map);
        ids.push(id);
      }
    }
    this.#maps = maps;
    this.#ids = ids;
    this.#head = 0;
  }
}

/**
 * A Map of stored objects by id whose new ids count against an ObjectCapacity; routes use it as a
 * plain Map. Made by `ObjectCapacity.map`.
 */
export class StoredMap<V> extends Map<string, V> implements ObjectPlace {
  readonly tenantId: string;
  readonly kind: StoredKind;
  /** The capacity's generation this map belongs to. */
  readonly generation: number;
  readonly #capacity: ObjectCapacity;
  /** The map holding this one (an entity collection's), which drops it once eviction empties it. */
  readonly #owner: Map<string, unknown> | null;
  /** Its key in the map holding it (an entity collection's `${appId}/${plural}`); '' for none. */
  readonly key: string;

  constructor(
    capacity: ObjectCapacity,
    generation: number,
    place: ObjectPlace,
    owner: Map<string, unknown> | null,
    key: string,
  ) {
    super();
    this.#capacity = capacity;
    this.generation = generation;
    this.tenantId = place.tenantId;
    this.kind = place.kind;
    this.#owner = owner;
    this.key = key;
  }

  override set(id: string, value: V): this {
    const before = this.size;
    super.set(id, value);
    if (this.size !== before) this.#capacity.added(this as StoredMap<unknown>, id);
    return this;
  }

  override delete(id: string): boolean {
    if (!super.delete(id)) return false;
    this.#capacity.removed(this as StoredMap<unknown>, 1);
    return true;
  }

  override clear(): void {
    const count = this.size;
    super.clear();
    if (count > 0) this.#capacity.removed(this as StoredMap<unknown>, count);
  }

  /**
   * Forgets `id` for the capacity (which counts it itself) and answers the object; undefined when
   * it was already gone (stored objects are never undefined).
   */
  evict(id: string): V | undefined {
    const object = super.get(id);
    if (object === undefined) return undefined;
    super.delete(id);
    if (this.size === 0 && this.#owner?.get(this.key) === this) this.#owner.delete(this.key);
    return object;
  }
}
