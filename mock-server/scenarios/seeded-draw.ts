import { hashString, seededRandom } from '../random.js';

/**
 * The draw, in [0, 1), for the `index`-th request a rule matched. It depends on nothing else, so
 * the same seed, rule and request sequence give the same outcomes whatever the server did before
 * the rule was added and whatever other rules drew.
 */
export function seededDraw(seed: number, ruleName: string, index: number): number {
  return seededRandom(hashString(`${seed >>> 0}\u0000${ruleName}\u0000${index}`))();
}
