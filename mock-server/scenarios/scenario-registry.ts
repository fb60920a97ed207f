import configSchema from '../../contracts/schemas/config.json' with { type: 'json' };
import { os1Error } from '../errors.js';
import type { ScenarioRule } from '../generated/contracts.js';
import type { RequestFacts } from './request-facts.js';
import { matchesRequest } from './rule-match.js';
import { seededDraw } from './seeded-draw.js';

/**
 * Most rules loaded at once, from the admin API as from the config file: the config schema's
 * `scenarios.maxItems`, so the two limits cannot drift apart.
 */
export const MAX_SCENARIO_RULES: number = configSchema.properties.scenarios.maxItems;

/** Where a rule came from: the config file, a preset (`preset:<name>`) or the admin API. */
export type RuleOrigin = 'config' | 'admin' | `preset:${string}`;

export interface LoadedRule {
  rule: ScenarioRule;
  origin: RuleOrigin;
}

/** A rule as GET /__admin/scenarios shows it, with how often it matched and fired. */
export interface ScenarioView extends LoadedRule {
  /** Requests it matched since it was added: the index of the next draw. */
  matched: number;
  fired: number;
}

interface Entry extends ScenarioView {}

/**
 * The failure-simulation rules, in the order they were added, each with its own count of the
 * requests it matched: the seeded draw for a request is hash(seed, rule name, that index), so a
 * rule's outcomes never depend on other rules or on what happened before it was added.
 */
export class ScenarioRegistry {
  readonly seed: number;
  readonly #initial: readonly LoadedRule[];
  readonly #entries = new Map<string, Entry>();

  constructor(seed: number, initial: readonly LoadedRule[]) {
    this.seed = seed;
    this.#initial = initial;
    this.reset();
  }

  list(): ScenarioView[] {
    return [...this.#entries.values()].map((entry) => ({ ...entry }));
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Adds rules, all or none: a name already taken (or repeated) is a 409 naming it; going past
   * MAX_SCENARIO_RULES is a 400 saying how to make room.
   */
  add(rules: readonly ScenarioRule[], origin: RuleOrigin): ScenarioView[] {
    if (this.#entries.size + rules.length > MAX_SCENARIO_RULES) {
      const loaded = this.#entries.size;
      throw os1Error(
        'VALIDATION_FAILED',
        `Too many scenario rules: ${loaded} are loaded and at most ${MAX_SCENARIO_RULES} can be (as in the config file's scenarios), so ${rules.length === 1 ? 'this rule was' : `these ${rules.length} rules were`} not added. Remove rules first with DELETE /__admin/scenarios/{name}, or all of them with DELETE /__admin/scenarios.`,
        { field: 'body', rule: 'maxItems', limit: MAX_SCENARIO_RULES, loaded },
      );
    }
    const names = new Set<string>();
    for (const { name } of rules) {
      if (this.#entries.has(name) || names.has(name)) {
        throw os1Error(
          'SCENARIO_EXISTS',
          `A scenario rule named "${name}" already exists. Delete it first (DELETE /__admin/scenarios/${encodeURIComponent(name)}) or choose another name.`,
          { name },
        );
      }
      names.add(name);
    }
    return rules.map((rule) => {
      const entry: Entry = { rule: structuredClone(rule), origin, matched: 0, fired: 0 };
      this.#entries.set(rule.name, entry);
      return { ...entry };
    });
  }

  remove(name: string): boolean {
    return this.#entries.delete(name);
  }

  /** Removes every rule; answers how many there were. */
  clear(): number {
    const count = this.#entries.size;
    this.#entries.clear();
    return count;
  }

  /** Back to the configured rules (config file and presets), every count at zero. */
  reset(): void {
    this.#entries.clear();
    for (const loaded of this.#initial) {
      this.#entries.set(loaded.rule.name, {
        rule: structuredClone(loaded.rule),
        origin: loaded.origin,
        matched: 0,
        fired: 0,
      });
    }
  }

  /** Every rule that fires for this request, in rule order. Each matching rule draws once. */
  fire(facts: RequestFacts): ScenarioRule[] {
    const fired: ScenarioRule[] = [];
    for (const entry of this.#entries.values()) {
      if (!matchesRequest(entry.rule.match, facts)) continue;
      const index = entry.matched++;
      const probability = entry.rule.probability ?? 1;
      const hit =
        probability >= 1 ||
        (probability > 0 && seededDraw(this.seed, entry.rule.name, index) < probability);
      if (!hit) continue;
      entry.fired++;
      fired.push(entry.rule);
    }
    return fired;
  }
}
