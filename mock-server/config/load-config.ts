import { readFileSync } from 'node:fs';
import { checkStateMachine } from '../domain/state-machine.js';
import type { MockConfig } from '../generated/contracts.js';
import { scenarioConfigProblems } from '../scenarios/presets.js';
import { ruleProblem } from '../scenarios/rule-match.js';
import { findProblem } from '../validation/validator.js';

/** A config file or flag the mock cannot use; the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates a JSON config file against contracts/schemas/config.json. */
export function loadConfigFile(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(unreadable(path, error as NodeJS.ErrnoException));
  }
  // Editors on Windows may start a UTF-8 file with a byte order mark, which JSON.parse refuses.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `config file ${path} is not valid JSON: ${(error as Error).message}. Fix the syntax (JSON allows no comments or trailing commas).`,
    );
  }
  return checkConfig(parsed, `config file ${path}`);
}

/** Why a config file cannot be read, and what to do about it. */
function unreadable(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `config file ${path} does not exist. Check the path given to --config.`;
    case 'EISDIR':
      return `config file ${path} is a directory: pass the JSON file itself, e.g. --config ${path.replace(/\/+$/, '')}/os1-mock.json.`;
    case 'EACCES':
    case 'EPERM':
      return `config file ${path} cannot be read: check its permissions (this process needs to read it).`;
    default:
      return `config file ${path} cannot be read (${error.code ?? error.message}).`;
  }
}

/** Validates a config object (from a file, flags or code) and names the key at fault. */
export function checkConfig(value: unknown, origin: string): MockConfig {
  const problem = findProblem('config.json', value);
  if (problem) {
    const key = problem.field === 'body' ? 'the top level' : `"${problem.field}"`;
    throw new ConfigError(
      `${origin}: ${key} ${problem.message}. See contracts/schemas/config.json for every key.`,
    );
  }
  const config = value as MockConfig;
  for (const [name, machine] of Object.entries(config.stateMachines ?? {})) {
    const problems = checkStateMachine(machine);
    if (problems.length > 0) {
      throw new ConfigError(`${origin}: "stateMachines.${name}": ${problems.join('; ')}.`);
    }
  }
  const scenarioProblems = scenarioConfigProblems(config, ruleProblem);
  if (scenarioProblems.length > 0) {
    throw new ConfigError(`${origin}: ${scenarioProblems.join('; ')}.`);
  }
  const delay = config.callbacks?.delay;
  if (delay?.distribution === 'uniform' && delay.minMs > delay.maxMs) {
    throw new ConfigError(
      `${origin}: "callbacks.delay" has minMs (${delay.minMs}) above maxMs (${delay.maxMs}); swap them.`,
    );
  }
  return config;
}
