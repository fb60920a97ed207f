import { describe, expect, it } from 'vitest';
import tenantSecret from '../../contracts/schemas/admin-tenant-secret.json' with { type: 'json' };
import schema from '../../contracts/schemas/config.json' with { type: 'json' };
import { parseServeOptions } from '../../mock-server/cli/serve-options.js';
import { UsageError } from '../../mock-server/cli/usage-error.js';
import { applyConfig, defaultConfig } from '../../mock-server/config/defaults.js';
import { checkConfig } from '../../mock-server/config/load-config.js';
import { PRESET_NAMES } from '../../mock-server/scenarios/presets.js';

// parseServeOptions checks each flag itself, without the config validator (start-up time), so these
// tests hold every flag to the limits contracts/schemas/config.json gives its key.

interface Range {
  minimum: number;
  maximum: number;
}
const callbacks = schema.properties.callbacks.properties;
const fixedDelay = schema.$defs.delay.oneOf[0] as { properties: { ms: Range } };
const parse = (...argv: string[]) => parseServeOptions(argv, {});

describe('serve flags', () => {
  it.each([
    ['--port', schema.properties.port],
    ['--seed', schema.properties.seed],
    ['--delay-ms', fixedDelay.properties.ms],
    ['--retry-schedule', callbacks.retrySchedule.items],
    ['--callback-timeout-ms', callbacks.timeoutMs],
    ['--concurrency', callbacks.concurrency],
    ['--max-pending', callbacks.maxPending],
    ['--max-objects', schema.properties.store.properties.maxObjects],
  ] as Array<[string, Range]>)(
    '%s takes exactly the range config.json gives its key',
    (flag, range) => {
      expect(() => parse(`${flag}=${range.minimum}`)).not.toThrow();
      expect(() => parse(`${flag}=${range.maximum}`)).not.toThrow();
      expect(() => parse(`${flag}=${range.maximum + 1}`)).toThrow(UsageError);
      expect(() => parse(`${flag}=${range.minimum - 1}`)).toThrow(UsageError);
    },
  );

  it('limit --host, --secret and the number of retries as config.json does', () => {
    expect(schema.properties.host.minLength).toBe(1);
    expect(() => parse('--host=')).toThrow('--host must not be empty');
    const longest = schema.properties.secret.maxLength;
    expect(() => parse('--secret', 's'.repeat(longest))).not.toThrow();
    expect(() => parse('--secret', 's'.repeat(longest + 1))).toThrow(
      `--secret (or OS1_MOCK_SECRET) must be at most ${longest} characters`,
    );
    const most = callbacks.retrySchedule.maxItems;
    expect(() => parse('--retry-schedule', Array(most).fill('1').join(','))).not.toThrow();
    expect(() =>
      parse(
        '--retry-schedule',
        Array(most + 1)
          .fill('1')
          .join(','),
      ),
    ).toThrow(`--retry-schedule takes at most ${most} delays, got ${most + 1}`);
  });

  it('hold --secret to the rule tenant secrets follow: printable ASCII without spaces, 1 to 1024', () => {
    const rule = tenantSecret.properties.secret;
    const pattern = new RegExp(rule.pattern);
    expect(rule.maxLength).toBe(1024);
    const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) =>
      String.fromCharCode(0x21 + i),
    );
    expect(() => parse('--secret', printable.join(''))).not.toThrow();
    expect(pattern.test(printable.join(''))).toBe(true);
    for (const [secret, kind] of [
      ['has space', 'character 4 is a space'],
      ['tab\there', 'character 4 is a control character'],
      ['café', 'character 4 is not ASCII'],
    ] as const) {
      expect(pattern.test(secret)).toBe(false);
      expect(() => parse('--secret', secret)).toThrow(
        '--secret (or OS1_MOCK_SECRET) must be printable ASCII without spaces',
      );
      expect(() => parse('--secret', secret)).toThrow(kind);
    }
    expect(() => parseServeOptions([], { OS1_MOCK_SECRET: 'has space' })).toThrow(
      'character 4 is a space',
    );
  });

  it.each(['', ' '])(
    'refuse an empty --retry-schedule (%j) and point to the config file for no retries',
    (text) => {
      expect(() => parse('--retry-schedule', text)).toThrow(
        '--retry-schedule needs at least one delay',
      );
      expect(() => parse('--retry-schedule', text)).toThrow('"callbacks": {"retrySchedule": []}');
      // The advice holds: that config is accepted and leaves no retries.
      const file = checkConfig({ callbacks: { retrySchedule: [] } }, 'config file');
      expect(applyConfig(defaultConfig(), file).callbacks.retrySchedule).toEqual([]);
    },
  );

  it('give overrides that config.json accepts, with every flag at its limit', () => {
    const { overrides } = parse(
      ...['--port', '65535', '--host', 'localhost', '--secret', 's'.repeat(1024)],
      ...['--clock', 'virtual', '--seed', '4294967295', '--log-level', 'trace'],
      ...PRESET_NAMES.flatMap((name) => ['--scenario', name]),
      ...['--scenario', PRESET_NAMES[0] ?? ''],
      ...['--delay-ms', '86400000', '--callback-timeout-ms', '600000', '--scheme', 'github'],
      ...['--retry-schedule', Array(100).fill('604800000').join(','), '--concurrency', '10000'],
      ...['--require-https', '--require-issued-token', '--max-objects', '100000000'],
      ...['--max-pending', '100000000'],
    );
    expect(Object.keys(overrides).sort()).toEqual(
      [
        'auth',
        'callbacks',
        'clock',
        'host',
        'logLevel',
        'port',
        'scenarioPresets',
        'secret',
        'seed',
        'store',
      ].sort(),
    );
    expect(checkConfig(overrides, 'flags')).toBe(overrides);
  });
});
