import asyncFailures5pct from '../../fixtures/scenarios/async-failures-5pct.json' with {
  type: 'json',
};
import flakyNetwork from '../../fixtures/scenarios/flaky-network.json' with { type: 'json' };
import hostileSender from '../../fixtures/scenarios/hostile-sender.json' with { type: 'json' };
import throttled from '../../fixtures/scenarios/throttled.json' with { type: 'json' };
import type { ScenarioPreset, ScenarioRule } from '../generated/contracts.js';
import type { LoadedRule } from './scenario-registry.js';

/**
 * The presets in fixtures/scenarios, by name (each file is <name>.json; a test checks this list
 * against the directory and every file against contracts/schemas/scenario-preset.json).
 */
export const SCENARIO_PRESETS: Readonly<Record<string, ScenarioPreset>> = Object.fromEntries(
  [asyncFailures5pct, flakyNetwork, hostileSender, throttled].map((preset) => [
    preset.name,
    preset as ScenarioPreset,
  ]),
);

export const PRESET_NAMES: readonly string[] = Object.keys(SCENARIO_PRESETS).sort();

export const isPresetName = (name: string): boolean => Object.hasOwn(SCENARIO_PRESETS, name);

/** A preset's rules, named `<preset>:<rule>` so they never clash with other rules. */
export function presetRules(name: string): LoadedRule[] {
  const preset = SCENARIO_PRESETS[name];
  if (!preset) {
    throw new Error(`no scenario preset "${name}"; presets: ${PRESET_NAMES.join(', ')}`);
  }
  return preset.rules.map((rule) => ({
    rule: { ...structuredClone(rule), name: `${preset.name}:${rule.name}` } as ScenarioRule,
    origin: `preset:${preset.name}`,
  }));
}

/** The rules a server starts with: the config's own, then each preset's. */
export function configuredRules(config: {
  scenarios: readonly ScenarioRule[];
  scenarioPresets: readonly string[];
}): LoadedRule[] {
  return [
    ...config.scenarios.map((rule) => ({ rule, origin: 'config' as const })),
    ...config.scenarioPresets.flatMap(presetRules),
  ];
}

/**
 * Problems with the scenario keys of a config (unknown presets, repeated rule names, a regular
 * expression that does not compile or can backtrack catastrophically), as `"key": problem` strings.
 */
export function scenarioConfigProblems(
  config: { scenarios?: readonly ScenarioRule[]; scenarioPresets?: readonly string[] },
  ruleProblem: (rule: ScenarioRule) => { field: string; message: string } | null,
): string[] {
  const problems: string[] = [];
  for (const [index, name] of (config.scenarioPresets ?? []).entries()) {
    if (!isPresetName(name)) {
      problems.push(
        `"scenarioPresets[${index}]" "${name}" is not a preset; presets: ${PRESET_NAMES.join(', ')} (fixtures/scenarios/)`,
      );
    }
  }
  const seen = new Set<string>();
  for (const [index, rule] of (config.scenarios ?? []).entries()) {
    if (seen.has(rule.name)) {
      problems.push(
        `"scenarios[${index}].name" "${rule.name}" is used by an earlier rule; names must be unique`,
      );
    }
    seen.add(rule.name);
    const problem = ruleProblem(rule);
    if (problem) problems.push(`"scenarios[${index}].${problem.field}" ${problem.message}`);
  }
  return problems;
}
