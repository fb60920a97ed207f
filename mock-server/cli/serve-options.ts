import { ConfigError, loadConfigFile } from '../config/load-config.js';
import type { MockConfig } from '../generated/contracts.js';
import { isPresetName, PRESET_NAMES } from '../scenarios/presets.js';
import { SCHEME_NAMES } from '../signing/schemes.js';
import { hostValue, schemeName, secretValue, wholeNumber } from './flag-values.js';
import { parseFlags, UsageError } from './usage-error.js';

export const SERVE_HELP = `Usage: os1-mock serve [options]

Runs the fake OS1 on http://127.0.0.1:4010 (in memory; nothing is written to disk).

Options (each has a config file key, shown in brackets):
  --port <n>                 port, 0 for any free one (default 4010) [port]
  --host <addr>              interface to bind (default 127.0.0.1) [host]
  --secret <s>               server signing secret; also OS1_MOCK_SECRET [secret]
  --delay-ms <n>             fixed processing delay before a callback, ms (default 100) [callbacks.delay]
  --config <file>            JSON config file (schema: contracts/schemas/config.json)
  --clock <real|virtual>     virtual: time moves only on POST /__admin/clock/advance [clock]
  --seed <n>                 seed for random delays and probabilities (default 1) [seed]
  --scenario <name>          load a failure-simulation preset, repeatable: ${PRESET_NAMES.join(' | ')} [scenarioPresets]
  --retry-schedule <ms,...>  delay before each retry, e.g. 100,150,200 [callbacks.retrySchedule]
  --callback-timeout-ms <n>  how long a receiver has per attempt (default 10000) [callbacks.timeoutMs]
  --scheme <name>            ${SCHEME_NAMES.join(' | ')} (default os1) [callbacks.scheme]
  --concurrency <n>          callback attempts in flight at once (default 64) [callbacks.concurrency]
  --require-https            refuse http:// callback URLs [callbacks.requireHttps]
  --max-pending <n>          callbacks waiting to be delivered before requests with a callback
                             get 503 + Retry-After, 0 for no limit (default 100000)
                             [callbacks.maxPending]
  --retain-finished <n>      finished deliveries kept for inspection; past it the oldest are
                             forgotten (default 10000) [callbacks.retainFinished]
  --require-issued-token     accept only tokens from the token endpoint [auth.requireIssuedToken]
  --max-objects <n>          objects kept in memory; past it the oldest are forgotten, 0 for no
                             limit (default 250000) [store.maxObjects]
  --log-level <level>        fatal|error|warn|info|debug|trace|silent (default info) [logLevel]
  --log-format <pretty|json> default: pretty in a terminal, json otherwise
  -h, --help                 this help
`;

export interface ServeOptions {
  configFile: string | null;
  /** Flags and environment, in the config file's shape; they win over the file. */
  overrides: MockConfig;
  logFormat: 'pretty' | 'json' | null;
  help: boolean;
}

// config.json's limit on retries, which a plain range cannot say.
// test/cli/serve-options.test.ts keeps every flag's limits equal to the schema's.
const MAX_RETRIES = 100;

/**
 * Parses `serve` flags; any mistake is a UsageError that says how to fix it. Each flag is checked
 * here against config.json's limits for its key, so the overrides need no schema check (compiling
 * the config validator would cost start-up tens of milliseconds).
 */
export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  const values = parseFlags('serve', argv, SERVE_FLAGS, (argument) =>
    argument.endsWith('.json') ? ` Did you mean --config ${argument}?` : '',
  );
  const overrides: MockConfig = {};
  const callbacks: NonNullable<MockConfig['callbacks']> = {};
  const secret = values.secret ?? env.OS1_MOCK_SECRET;
  if (values.port !== undefined) overrides.port = wholeNumber('--port', values.port, 0, 65535);
  if (values.host !== undefined) overrides.host = hostValue('--host', values.host);
  if (secret !== undefined) overrides.secret = secretValue('--secret (or OS1_MOCK_SECRET)', secret);
  if (values.clock !== undefined) {
    if (values.clock !== 'real' && values.clock !== 'virtual') {
      throw new UsageError(`--clock must be real or virtual, got "${values.clock}".`);
    }
    overrides.clock = values.clock;
  }
  if (values.seed !== undefined) overrides.seed = wholeNumber('--seed', values.seed, 0, 4294967295);
  if (values.scenario !== undefined) overrides.scenarioPresets = scenarioPresets(values.scenario);
  if (values['log-level'] !== undefined) {
    const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
    const level = levels.find((candidate) => candidate === values['log-level']);
    if (!level) throw new UsageError(`--log-level must be one of ${levels.join(', ')}.`);
    overrides.logLevel = level;
  }
  if (values['delay-ms'] !== undefined) {
    callbacks.delay = {
      distribution: 'fixed',
      ms: wholeNumber('--delay-ms', values['delay-ms'], 0, 86_400_000),
    };
  }
  if (values['retry-schedule'] !== undefined)
    callbacks.retrySchedule = retrySchedule(values['retry-schedule']);
  if (values['callback-timeout-ms'] !== undefined) {
    callbacks.timeoutMs = wholeNumber(
      '--callback-timeout-ms',
      values['callback-timeout-ms'],
      1,
      600_000,
    );
  }
  if (values.scheme !== undefined) {
    callbacks.scheme = schemeName('--scheme', values.scheme);
  }
  if (values.concurrency !== undefined)
    callbacks.concurrency = wholeNumber('--concurrency', values.concurrency, 1, 10_000);
  if (values['require-https']) callbacks.requireHttps = true;
  if (values['max-pending'] !== undefined) {
    callbacks.maxPending = wholeNumber('--max-pending', values['max-pending'], 0, 100_000_000);
  }
  if (values['retain-finished'] !== undefined) {
    callbacks.retainFinished = wholeNumber(
      '--retain-finished',
      values['retain-finished'],
      0,
      10_000_000,
    );
  }
  if (Object.keys(callbacks).length > 0) overrides.callbacks = callbacks;
  if (values['require-issued-token']) overrides.auth = { requireIssuedToken: true };
  if (values['max-objects'] !== undefined) {
    overrides.store = {
      maxObjects: wholeNumber('--max-objects', values['max-objects'], 0, 100_000_000),
    };
  }
  const logFormat = values['log-format'];
  if (logFormat !== undefined && logFormat !== 'pretty' && logFormat !== 'json') {
    throw new UsageError(`--log-format must be pretty or json, got "${logFormat}".`);
  }
  return {
    configFile: values.config ?? null,
    overrides,
    logFormat: logFormat ?? null,
    help: values.help === true,
  };
}

/** Reads the --config file, turning its problems into usage errors. */
export function readConfigFile(path: string | null): MockConfig {
  if (path === null) return {};
  try {
    return loadConfigFile(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

const SERVE_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  secret: { type: 'string' },
  'delay-ms': { type: 'string' },
  config: { type: 'string' },
  clock: { type: 'string' },
  seed: { type: 'string' },
  scenario: { type: 'string', multiple: true },
  'retry-schedule': { type: 'string' },
  'callback-timeout-ms': { type: 'string' },
  scheme: { type: 'string' },
  concurrency: { type: 'string' },
  'require-https': { type: 'boolean' },
  'max-pending': { type: 'string' },
  'retain-finished': { type: 'string' },
  'require-issued-token': { type: 'boolean' },
  'max-objects': { type: 'string' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function scenarioPresets(names: readonly string[]): string[] {
  for (const name of names) {
    if (!isPresetName(name)) {
      throw new UsageError(
        `--scenario ${name} is not a preset. Presets (fixtures/scenarios/): ${PRESET_NAMES.join(', ')}.`,
      );
    }
  }
  return [...new Set(names)];
}

function retrySchedule(text: string): number[] {
  if (text.trim() === '') {
    throw new UsageError(
      '--retry-schedule needs at least one delay, e.g. --retry-schedule 1000,5000,30000. To send each callback once, without retries, set "callbacks": {"retrySchedule": []} in a --config file.',
    );
  }
  const parts = text.split(',');
  if (parts.length > MAX_RETRIES) {
    throw new UsageError(
      `--retry-schedule takes at most ${MAX_RETRIES} delays, got ${parts.length}.`,
    );
  }
  return parts.map((part, index) =>
    wholeNumber(`--retry-schedule entry ${index + 1}`, part.trim(), 0, 604_800_000),
  );
}
