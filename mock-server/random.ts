import type { DelayDistribution } from './generated/contracts.js';

/** A seeded source of numbers in [0, 1): the same seed gives the same sequence. */
export type Random = () => number;

/** sfc32 seeded through splitmix32: small, fast and good enough for simulation. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** A 32-bit hash of a string (FNV-1a), to derive independent streams from one seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Draws a delay in whole milliseconds from a distribution. */
export function sampleDelay(distribution: DelayDistribution, random: Random): number {
  switch (distribution.distribution) {
    case 'fixed':
      return distribution.ms;
    case 'uniform': {
      const low = Math.min(distribution.minMs, distribution.maxMs);
      const high = Math.max(distribution.minMs, distribution.maxMs);
      return Math.round(low + random() * (high - low));
    }
    case 'lognormal': {
      // Box-Muller: a standard normal from two uniforms.
      const u1 = Math.max(random(), Number.EPSILON);
      const u2 = random();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      const ms = distribution.medianMs * Math.exp(distribution.sigma * z);
      return Math.round(Math.min(ms, distribution.maxMs ?? 86_400_000));
    }
  }
}
