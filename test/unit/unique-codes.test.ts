import { describe, expect, it } from 'vitest';
import { UniqueCodes } from '../../mock-server/domain/unique-codes.js';

describe('UniqueCodes', () => {
  it('answers the id holding a code, per scope', () => {
    const codes = new UniqueCodes();
    codes.claim('vehicles', 'V-1', 'vehicle:1');
    codes.claim('drivers', 'V-1', 'driver:1');
    expect(codes.holder('vehicles', 'V-1')).toBe('vehicle:1');
    expect(codes.holder('drivers', 'V-1')).toBe('driver:1');
    expect(codes.holder('vehicles', 'V-2')).toBeUndefined();
    expect(codes.holder('orders', 'V-1')).toBeUndefined();
    expect(codes.size).toBe(2);
  });

  it('frees a code only for the id holding it', () => {
    const codes = new UniqueCodes();
    codes.claim('vehicles', 'V-1', 'vehicle:1');
    expect(codes.release('vehicles', 'V-1', 'vehicle:2')).toBe(false);
    expect(codes.release('drivers', 'V-1', 'vehicle:1')).toBe(false);
    expect(codes.holder('vehicles', 'V-1')).toBe('vehicle:1');

    expect(codes.release('vehicles', 'V-1', 'vehicle:1')).toBe(true);
    expect(codes.holder('vehicles', 'V-1')).toBeUndefined();
    expect(codes.release('vehicles', 'V-1', 'vehicle:1')).toBe(false);
    expect(codes.size).toBe(0);
  });

  it('counts a code claimed again once, and holds none once each is freed', () => {
    const codes = new UniqueCodes();
    for (let n = 0; n < 1000; n++) codes.claim(`scope-${n % 10}`, `C-${n}`, `id:${n}`);
    codes.claim('scope-0', 'C-0', 'id:0');
    expect(codes.size).toBe(1000);
    for (let n = 0; n < 1000; n++) codes.release(`scope-${n % 10}`, `C-${n}`, `id:${n}`);
    expect(codes.size).toBe(0);
    expect(codes.holder('scope-0', 'C-0')).toBeUndefined();
  });
});
