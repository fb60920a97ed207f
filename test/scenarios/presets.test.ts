import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import scenarioRule from '../../contracts/schemas/scenario-rule.json' with { type: 'json' };
import type { CliIo } from '../../mock-server/cli/io.js';
import { runCli } from '../../mock-server/cli/run-cli.js';
import { serve } from '../../mock-server/cli/serve.js';
import { ConfigError, checkConfig } from '../../mock-server/config/load-config.js';
import type { ScenarioPreset } from '../../mock-server/generated/contracts.js';
import { PRESET_NAMES, SCENARIO_PRESETS } from '../../mock-server/scenarios/presets.js';
import { ruleProblem } from '../../mock-server/scenarios/rule-match.js';
import { seededDraw } from '../../mock-server/scenarios/seeded-draw.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { expectConforms } from '../support/mock-fixture.js';
import { call, os1Headers } from '../support/os1-client.js';
import { admin, BAGS } from './helpers.js';

const DIR = new URL('../../fixtures/scenarios/', import.meta.url);
const files = readdirSync(DIR).filter((name) => name.endsWith('.json'));

const quietIo = (): CliIo & { lines: string[]; errors: string[] } => {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    env: {},
    stopRequested: () => new Promise(() => {}),
  };
};

describe('scenario presets in fixtures/scenarios', () => {
  let server: MockServer | null = null;

  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  it('has the presets the README names, and the index lists exactly the files', () => {
    expect(PRESET_NAMES).toEqual(
      expect.arrayContaining(['async-failures-5pct', 'flaky-network', 'hostile-sender']),
    );
    expect(files.map((name) => name.replace(/\.json$/, '')).sort()).toEqual([...PRESET_NAMES]);
  });

  it.each(files)('%s conforms to scenario-preset.json and is named after its file', (file) => {
    const preset = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as ScenarioPreset;
    expectConforms('scenario-preset.json', preset);
    expect(`${preset.name}.json`).toBe(file);
    for (const rule of preset.rules) {
      expectConforms('scenario-rule.json', rule);
      expect(ruleProblem(rule)).toBeNull();
    }
    expect(new Set(preset.rules.map((rule) => rule.name)).size).toBe(preset.rules.length);
    expect(SCENARIO_PRESETS[preset.name]).toEqual(preset);
  });

  it('documents every preset, action type and control header in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Simulating failures'),
      readme.indexOf('## Defaults that are inferred'),
    );
    expect(section.length).toBeGreaterThan(1000);
    const actionTypes = (scenarioRule as { $defs: { actionType: { enum: string[] } } }).$defs
      .actionType.enum;
    for (const name of [...PRESET_NAMES, ...actionTypes.map((type) => `| \`${type}\``)]) {
      expect(section).toContain(name.startsWith('|') ? name : `\`${name}\``);
    }
    for (const header of ['Outcome', 'Reason', 'Delay-Ms', 'Status']) {
      expect(section).toContain(`X-OS1-Mock-${header}`);
    }
  });

  it('loads a preset from the config, its rules named <preset>:<rule>', async () => {
    server = await startMockServer({ config: { scenarioPresets: ['hostile-sender'] } });
    const listed = await admin(server, 'GET', '/scenarios');
    expect(listed.body.scenarios.map((view: { rule: { name: string } }) => view.rule.name)).toEqual(
      SCENARIO_PRESETS['hostile-sender']?.rules.map((rule) => `hostile-sender:${rule.name}`),
    );
    expect(listed.body.scenarios[0].origin).toBe('preset:hostile-sender');
  });

  it('applies a loaded preset: async-failures-5pct fails exactly the creates its seeded draws pick', async () => {
    server = await startMockServer({
      clock: 'virtual',
      config: { seed: 3, scenarioPresets: ['async-failures-5pct'] },
    });
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const created = await call(server.url, 'POST', BAGS, {
        headers: os1Headers(),
        body: { callback: { url: 'http://127.0.0.1:9/unused' } },
      });
      ids.push(created.body.data.id);
    }
    await server.core.scheduler.advance(1000);
    const failed = new Set(
      server.core.deliveries
        .list()
        .filter((record) => record.payload.status === 'failed')
        .map((record) => record.payload.data.id),
    );
    const expected = ids.filter(
      (_, index) => seededDraw(3, 'async-failures-5pct:fail-async', index) < 0.05,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect([...failed].sort()).toEqual([...expected].sort());
  });

  it('loads presets with --scenario, repeatable', async () => {
    const io = quietIo();
    server = await serve(
      [
        '--port',
        '0',
        '--log-level',
        'silent',
        '--scenario',
        'flaky-network',
        '--scenario',
        'throttled',
      ],
      io,
    );
    expect(server).not.toBeNull();
    const listed = await admin(server as MockServer, 'GET', '/scenarios');
    const origins = new Set(listed.body.scenarios.map((view: { origin: string }) => view.origin));
    expect(origins).toEqual(new Set(['preset:flaky-network', 'preset:throttled']));
  });

  it('refuses an unknown --scenario with exit code 2, listing the presets', async () => {
    const io = quietIo();
    expect(await runCli(['serve', '--scenario', 'chaos-monkey'], io)).toBe(2);
    expect(io.errors.join('\n')).toContain('--scenario chaos-monkey is not a preset');
    expect(io.errors.join('\n')).toContain('hostile-sender');
  });

  it('refuses an unknown preset, a repeated rule name or a bad regular expression in a config', () => {
    expect(() => checkConfig({ scenarioPresets: ['nope'] }, 'config file x')).toThrow(
      /"scenarioPresets\[0\]" "nope" is not a preset/,
    );
    const drop = { type: 'drop' as const };
    expect(() =>
      checkConfig(
        {
          scenarios: [
            { name: 'a', action: drop },
            { name: 'a', action: drop },
          ],
        },
        'config file x',
      ),
    ).toThrow(/"scenarios\[1\]\.name" "a" is used by an earlier rule/);
    expect(() =>
      checkConfig(
        {
          scenarios: [{ name: 'a', match: { body: [{ path: 'x', matches: '[' }] }, action: drop }],
        },
        'config file x',
      ),
    ).toThrow(ConfigError);
  });
});
