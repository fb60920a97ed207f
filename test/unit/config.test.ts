import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfig, defaultConfig } from '../../mock-server/config/defaults.js';
import { checkConfig, loadConfigFile } from '../../mock-server/config/load-config.js';
import { sampleDelay, seededRandom } from '../../mock-server/random.js';

const writeTemp = (text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'os1-mock-config-')), 'config.json');
  writeFileSync(path, text);
  return path;
};

describe('config files', () => {
  it('lays a file over the defaults without losing nested defaults', () => {
    const config = applyConfig(
      defaultConfig(),
      checkConfig({ port: 0, callbacks: { timeoutMs: 50 } }, 'test'),
    );
    expect(config.port).toBe(0);
    expect(config.callbacks.timeoutMs).toBe(50);
    expect(config.callbacks.concurrency).toBe(64);
    expect(config.host).toBe('127.0.0.1');
  });

  it.each([
    [{ prot: 1 }, '"prot" is not a known field; remove it'],
    [{ port: 'x' }, '"port" must be integer'],
    [{ port: 70000 }, '"port" must be <= 65535'],
    [
      { callbacks: { scheme: 'md5' } },
      '"callbacks.scheme" must be one of "os1", "os1-legacy-sha256", "standard-webhooks", "github"',
    ],
    [{ callbacks: { retrySchedule: [100, -1] } }, '"callbacks.retrySchedule[1]" must be >= 0'],
    [{ callbacks: { delay: { distribution: 'uniform', minMs: 10 } } }, '"callbacks.delay'],
    [
      { callbacks: { delay: { distribution: 'uniform', minMs: 10, maxMs: 5 } } },
      'minMs (10) above maxMs (5); swap them',
    ],
    [{ callbacks: { eventTypeNames: { 'container.made': 'X' } } }, 'callbacks.eventTypeNames'],
    [
      {
        stateMachines: {
          container: { initialState: 'x', states: [{ name: 'a' }], transitions: [] },
        },
      },
      '"stateMachines.container": initialState "x" is not one of the states',
    ],
    [[], 'the top level must be object'],
    [
      { secret: 'has space' },
      '"secret" must be printable ASCII characters without spaces (a base64 string works)',
    ],
  ])('rejects %j, naming the key and the fix', (value, message) => {
    expect(() => checkConfig(value, 'config file c.json')).toThrow(message);
  });

  it('names a file that does not exist', () => {
    expect(() => loadConfigFile('/no/such/file.json')).toThrow(
      'config file /no/such/file.json does not exist. Check the path given to --config.',
    );
  });

  it('explains malformed JSON, comments included', () => {
    expect(() => loadConfigFile(writeTemp('{ "port": 1, // comment\n }'))).toThrow(
      /is not valid JSON: .*no comments or trailing commas/,
    );
  });

  it('loads a valid file', () => {
    expect(loadConfigFile(writeTemp('{"seed": 7, "clock": "virtual"}'))).toEqual({
      seed: 7,
      clock: 'virtual',
    });
  });
});

describe('delay distributions', () => {
  it('fixed always gives its value', () => {
    expect(sampleDelay({ distribution: 'fixed', ms: 42 }, seededRandom(1))).toBe(42);
  });

  it('uniform stays within its bounds and covers them', () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 2000 }, () =>
      sampleDelay({ distribution: 'uniform', minMs: 10, maxMs: 20 }, random),
    );
    expect(Math.min(...draws)).toBe(10);
    expect(Math.max(...draws)).toBe(20);
  });

  it('lognormal has its median near medianMs and respects maxMs', () => {
    const random = seededRandom(5);
    const draws = Array.from({ length: 4001 }, () =>
      sampleDelay({ distribution: 'lognormal', medianMs: 200, sigma: 0.5, maxMs: 600 }, random),
    ).sort((a, b) => a - b);
    expect(draws[2000]).toBeGreaterThan(180);
    expect(draws[2000]).toBeLessThan(220);
    expect(draws.at(-1)).toBeLessThanOrEqual(600);
  });

  it('repeats exactly for the same seed', () => {
    const a = seededRandom(99);
    const b = seededRandom(99);
    const c = seededRandom(100);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
  });
});
