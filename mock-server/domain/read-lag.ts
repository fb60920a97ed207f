import { AsyncLocalStorage } from 'node:async_hooks';

interface Version<V> {
  value: V;
  /** When the next version replaced it, epoch ms on the mock's clock. */
  until: number;
}

/** What a viewed map remembers to answer lagged reads. */
interface MapMemory<V> {
  /** When each object went in, when the map saw it happen. */
  readonly insertedAt: Map<string, number>;
  /** Each object's earlier versions, oldest first. */
  readonly history: Map<string, Version<V>[]>;
}

type Stored = object & { createdAt?: unknown };

/**
 * Eventual consistency for reads: GET and list requests (run inside `laggedReads`) see a processed
 * change only `lagMs` after it happened. A create stays invisible until then; an update shows the
 * previous version, kept for the purpose. Everything else (processing, the existence checks of
 * writes) sees the truth.
 *
 * Maps are wrapped in views. Outside lagged reads, a view hands out guarded objects that copy
 * themselves aside before their first change at each moment; processing replaces top-level fields
 * (`container.state = ...`), which is what the guard sees.
 */
export class ReadLag {
  readonly lagMs: number;
  readonly #now: () => number;
  readonly #reading = new AsyncLocalStorage<boolean>();
  readonly #memories = new WeakMap<Map<string, unknown>, MapMemory<unknown>>();
  readonly #views = new WeakMap<Map<string, unknown>, Map<string, unknown>>();
  readonly #guards = new WeakMap<object, object>();

  constructor(lagMs: number, now: () => number) {
    this.lagMs = lagMs;
    this.#now = now;
  }

  /** Runs `fn` (and everything it awaits) with reads that lag. */
  laggedReads<T>(fn: () => T): T {
    return this.#reading.run(true, fn);
  }

  /** A view of `map` that lags reads, for a map of stored objects keyed by id. */
  view<V extends Stored>(map: Map<string, V>): Map<string, V> {
    const known = this.#views.get(map as Map<string, unknown>);
    if (known) return known as Map<string, V>;
    const memory: MapMemory<V> = { insertedAt: new Map(), history: new Map() };
    this.#memories.set(map as Map<string, unknown>, memory as MapMemory<unknown>);
    const visible = (id: string): V | undefined => this.#visible(map, memory, id);
    const guarded = (id: string, value: V): V => this.#guard(memory, id, value);
    const read = () => this.#reading.getStore() === true;
    function* pairs(): IterableIterator<[string, V]> {
      for (const [id, value] of map) {
        const seen = read() ? visible(id) : guarded(id, value);
        if (seen !== undefined) yield [id, seen];
      }
    }
    const methods: Record<PropertyKey, unknown> = {
      get: (id: string) => {
        const value = map.get(id);
        if (value === undefined) return undefined;
        return read() ? visible(id) : guarded(id, value);
      },
      has: (id: string) => (read() ? visible(id) !== undefined : map.has(id)),
      set: (id: string, value: V) => {
        const previous = map.get(id);
        const now = this.#now();
        if (previous === undefined) memory.insertedAt.set(id, now);
        else if (previous !== value) this.#remember(memory, id, previous, now);
        map.set(id, value);
        return view;
      },
      values: function* () {
        for (const [, value] of pairs()) yield value;
      },
      keys: function* () {
        for (const [id] of pairs()) yield id;
      },
      entries: pairs,
      [Symbol.iterator]: pairs,
      forEach: (fn: (value: V, id: string, self: Map<string, V>) => void) => {
        for (const [id, value] of pairs()) fn(value, id, view);
      },
    };
    const view: Map<string, V> = new Proxy(map, {
      get(target, property) {
        if (property === 'size') return read() ? [...pairs()].length : target.size;
        if (Object.hasOwn(methods, property)) return methods[property];
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    this.#views.set(map as Map<string, unknown>, view as Map<string, unknown>);
    return view;
  }

  /** Forgets what the view of `map` remembers of `id`, once the store has forgotten the object. */
  forget(map: Map<string, unknown>, id: string): void {
    const memory = this.#memories.get(map);
    if (!memory) return;
    memory.insertedAt.delete(id);
    memory.history.delete(id);
  }

  /** A map of maps (entities by collection) whose inner maps are handed out as views. */
  viewNested<V extends Stored>(map: Map<string, Map<string, V>>): Map<string, Map<string, V>> {
    const lag = this;
    return new Proxy(map, {
      get(target, property) {
        if (property === 'get') {
          return (key: string) => {
            const inner = target.get(key);
            return inner === undefined ? undefined : lag.view(inner);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** The latest version that has been visible for lagMs, or undefined while the create lags. */
  #visible<V extends Stored>(map: Map<string, V>, memory: MapMemory<V>, id: string): V | undefined {
    const current = map.get(id);
    if (current === undefined) return undefined;
    const cutoff = this.#now() - this.lagMs;
    this.#prune(memory, id, cutoff);
    const history = memory.history.get(id);
    if (history) {
      // The oldest kept version has been current since insertedAt; each later one since the
      // `until` of the one before. Pruning left at most one version visible: the oldest.
      const first = history[0] as Version<V>;
      const insertedAt = memory.insertedAt.get(id) ?? 0;
      return insertedAt <= cutoff ? first.value : undefined;
    }
    const insertedAt =
      memory.insertedAt.get(id) ?? (typeof current.createdAt === 'number' ? current.createdAt : 0);
    return insertedAt <= cutoff ? current : undefined;
  }

  /** Forgets versions that a newer visible version hides for good. */
  #prune<V>(memory: MapMemory<V>, id: string, cutoff: number): void {
    const history = memory.history.get(id);
    if (!history) return;
    let superseded = 0;
    while (superseded < history.length && (history[superseded] as Version<V>).until <= cutoff) {
      superseded++;
    }
    if (superseded === 0) return;
    memory.insertedAt.set(id, (history[superseded - 1] as Version<V>).until);
    history.splice(0, superseded);
    if (history.length === 0) memory.history.delete(id);
  }

  /** The object, guarded so that changing it first keeps a copy of how it was. */
  #guard<V extends Stored>(memory: MapMemory<V>, id: string, value: V): V {
    const known = this.#guards.get(value);
    if (known) return known as V;
    const beforeChange = (target: V) => this.#remember(memory, id, target, this.#now());
    const guard = new Proxy(value, {
      set(target, property, next) {
        if (Reflect.get(target, property) !== next) beforeChange(target);
        return Reflect.set(target, property, next);
      },
      deleteProperty(target, property) {
        if (Object.hasOwn(target, property)) beforeChange(target);
        return Reflect.deleteProperty(target, property);
      },
      defineProperty(target, property, descriptor) {
        beforeChange(target);
        return Reflect.defineProperty(target, property, descriptor);
      },
    });
    this.#guards.set(value, guard);
    return guard;
  }

  /** Keeps a copy of `value` as the version that lasted until `now` (once per moment). */
  #remember<V>(memory: MapMemory<V>, id: string, value: V, now: number): void {
    this.#prune(memory, id, now - this.lagMs);
    const history = memory.history.get(id);
    const last = history?.at(-1);
    if (last && last.until === now) return;
    if (!history && !memory.insertedAt.has(id)) {
      const createdAt = (value as Stored).createdAt;
      memory.insertedAt.set(id, typeof createdAt === 'number' ? createdAt : now);
    }
    const version = { value: structuredClone(value), until: now };
    if (history) history.push(version);
    else memory.history.set(id, [version]);
  }
}
