import { describe, expect, it } from 'vitest';
import type { StoredMap } from '../../mock-server/domain/object-capacity.js';
import { ObjectCapacity } from '../../mock-server/domain/object-capacity.js';
import { REMEMBERED_TOKENS, TokenRegistry } from '../../mock-server/domain/tokens.js';

const containersOf = (capacity: ObjectCapacity, tenantId = 't') =>
  capacity.map<number>({ tenantId, kind: 'containers' });

describe('ObjectCapacity', () => {
  it('counts an id once, however often it is set again', () => {
    const capacity = new ObjectCapacity(2);
    const map = containersOf(capacity);
    map.set('a', 1).set('a', 2).set('b', 1).set('b', 3).set('a', 4);
    expect(capacity.stored).toBe(2);
    expect(capacity.evicted).toBe(0);
    expect([...map]).toEqual([
      ['a', 4],
      ['b', 3],
    ]);
  });

  it('forgets the oldest created across maps, and tells listeners which one', () => {
    const capacity = new ObjectCapacity(2);
    const first = containersOf(capacity, 'tenant-1');
    const second = capacity.map<number>({ tenantId: 'tenant-2', kind: 'batches' });
    const evicted: string[] = [];
    const starts: number[] = [];
    capacity.onEvict((map, id) => evicted.push(`${map.tenantId}/${map.kind}/${id}`));
    capacity.onEvictionStart((max) => starts.push(max));

    first.set('a', 1);
    second.set('b', 1);
    first.set('c', 1);
    second.set('d', 1);
    expect(evicted).toEqual(['tenant-1/containers/a', 'tenant-2/batches/b']);
    expect(starts).toEqual([2]);
    expect([...first.keys(), ...second.keys()]).toEqual(['c', 'd']);
    expect(capacity.stored).toBe(2);
    expect(capacity.evicted).toBe(2);

    capacity.reset();
    const fresh = containersOf(capacity);
    for (const id of ['x', 'y', 'z']) fresh.set(id, 1);
    expect(starts).toEqual([2, 2]);
  });

  it('gives deleted and cleared objects back, and skips their turn', () => {
    const capacity = new ObjectCapacity(2);
    const map = containersOf(capacity);
    map.set('a', 1).set('b', 1);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    expect(capacity.stored).toBe(1);
    map.set('c', 1);
    expect(capacity.evicted).toBe(0);
    map.set('d', 1);
    expect([...map.keys()]).toEqual(['c', 'd']);
    expect(capacity.evicted).toBe(1);
    map.clear();
    expect(capacity.stored).toBe(0);
  });

  it('stays exact over many evictions and many deletes (the creation order is compacted)', () => {
    const capacity = new ObjectCapacity(3);
    const map = containersOf(capacity);
    for (let n = 0; n < 10_000; n++) map.set(`e${n}`, n);
    expect([...map.keys()]).toEqual(['e9997', 'e9998', 'e9999']);
    expect(capacity.evicted).toBe(9_997);

    const churn = new ObjectCapacity(6);
    const other = containersOf(churn);
    for (let n = 0; n < 5; n++) other.set(`k${n}`, n);
    for (let n = 0; n < 5_000; n++) {
      other.set(`d${n}`, n);
      other.delete(`d${n}`);
    }
    expect(churn.evicted).toBe(0);
    other.set('k5', 5).set('k6', 6);
    expect([...other.keys()]).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(churn.stored).toBe(6);
    expect(churn.evicted).toBe(1);
  });

  it('drops an entity collection from its owner once eviction empties it', () => {
    const capacity = new ObjectCapacity(1);
    const collections = new Map<string, StoredMap<number>>();
    const orders = capacity.map<number>(
      { tenantId: 't', kind: 'entities' },
      collections,
      'app/orders',
    );
    collections.set('app/orders', orders);
    orders.set('o1', 1);
    containersOf(capacity).set('c1', 1);
    expect(collections.has('app/orders')).toBe(false);
  });

  it('tells listeners the forgotten object and the key of the collection it was in', () => {
    const capacity = new ObjectCapacity(1);
    const collections = new Map<string, StoredMap<{ code: string }>>();
    const orders = capacity.map<{ code: string }>(
      { tenantId: 't', kind: 'entities' },
      collections,
      'app/orders',
    );
    collections.set('app/orders', orders);
    const told: unknown[] = [];
    capacity.onEvict((map, id, object) => told.push([map.key, id, object]));
    orders.set('o1', { code: 'O-1' });
    orders.delete('o1');
    orders.set('o2', { code: 'O-2' });
    containersOf(capacity).set('c1', 1);
    expect(told).toEqual([['app/orders', 'o2', { code: 'O-2' }]]);
  });

  it('keeps everything with max 0', () => {
    const capacity = new ObjectCapacity(0);
    const map = containersOf(capacity);
    for (let n = 0; n < 1_000; n++) map.set(`e${n}`, n);
    expect(map.size).toBe(1_000);
    expect(capacity.stored).toBe(1_000);
    expect(capacity.evicted).toBe(0);
  });

  it('no longer counts maps from before a reset (work still in flight)', () => {
    const capacity = new ObjectCapacity(2);
    const old = containersOf(capacity);
    old.set('a', 1);
    capacity.reset();
    old.set('b', 1);
    expect(capacity.stored).toBe(0);
    containersOf(capacity).set('c', 1);
    expect(capacity.stored).toBe(1);
  });
});

describe('TokenRegistry', () => {
  it('keeps exactly the newest tokens as it goes round and round', () => {
    const registry = new TokenRegistry(() => 0, 3);
    const tokens = Array.from({ length: 8 }, () => registry.issue(60).accessToken);
    expect(tokens.map((token) => registry.check(token))).toEqual([
      ...Array(5).fill('unknown'),
      ...Array(3).fill('valid'),
    ]);
    expect(registry.size).toBe(3);
    registry.reset();
    const fresh = Array.from({ length: 3 }, () => registry.issue(60).accessToken);
    expect(fresh.map((token) => registry.check(token))).toEqual(Array(3).fill('valid'));
  });

  it(`remembers the newest ${REMEMBERED_TOKENS} issued tokens and forgets older ones`, () => {
    const registry = new TokenRegistry(() => 0);
    const first = registry.issue(60).accessToken;
    const second = registry.issue(60).accessToken;
    for (let n = 2; n < REMEMBERED_TOKENS; n++) registry.issue(60);
    expect(registry.size).toBe(REMEMBERED_TOKENS);
    expect(registry.check(first)).toBe('valid');

    const newest = registry.issue(60).accessToken;
    expect(registry.size).toBe(REMEMBERED_TOKENS);
    expect(registry.check(first)).toBe('unknown');
    expect(registry.check(second)).toBe('valid');
    expect(registry.check(newest)).toBe('valid');
  });
});
