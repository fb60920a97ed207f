import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile } from '../../mock-server/config/load-config.js';
import { expectError, useMockFixture } from '../support/mock-fixture.js';

const STATE_MACHINE = '/core/api/v2/containers/container-types/bag/config/state-machine';

type State = { name: string; ttlMs?: number; ttlEvent?: string };

const machineWith = (
  a: Omit<State, 'name'>,
  transitions = [{ from: 'a', event: 'GO', to: 'b' }],
) => ({
  initialState: 'a',
  states: [{ name: 'a', ...a }, { name: 'b' }],
  transitions,
});

const BROKEN: [string, ReturnType<typeof machineWith>, RegExp][] = [
  [
    'a ttlEvent no transition out of the state has',
    machineWith({ ttlMs: 100, ttlEvent: 'NOPE' }),
    /states\[0\] \("a"\) has ttlEvent "NOPE", which is not an event of a transition out of this state: use one of GO/,
  ],
  [
    'ttlMs without ttlEvent',
    machineWith({ ttlMs: 100 }),
    /states\[0\] \("a"\) has ttlMs but no ttlEvent: add the ttlEvent .* or remove ttlMs/,
  ],
  [
    'ttlEvent without ttlMs',
    machineWith({ ttlEvent: 'GO' }),
    /states\[0\] \("a"\) has ttlEvent "GO" but no ttlMs: add ttlMs/,
  ],
  [
    'a ttlEvent on a state no transition leaves',
    machineWith({ ttlMs: 100, ttlEvent: 'GO' }, [{ from: 'b', event: 'GO', to: 'a' }]),
    /states\[0\] \("a"\) has ttlEvent "GO" but no transition leaves this state/,
  ],
  [
    'a ttlEvent whose only transition is a wildcard back into the same state',
    machineWith({ ttlMs: 100, ttlEvent: 'GO' }, [{ from: '*', event: 'GO', to: 'a' }]),
    /states\[0\] \("a"\) has ttlEvent "GO" but no transition leaves this state/,
  ],
];

describe('TTL settings of a container type state machine', () => {
  const fx = useMockFixture();

  it.each(BROKEN)(
    'refuses %s with 400 VALIDATION_FAILED saying how to fix it, and keeps the old machine',
    async (_name, machine, message) => {
      const response = await fx.request('PUT', STATE_MACHINE, { body: machine });
      expectError(response, 'VALIDATION_FAILED', message, {
        field: 'states',
        rule: 'state-machine',
      });
      await fx.settle();
      const type = await fx.request('GET', '/core/api/v2/containers/container-types/bag');
      expect(type.body.data.stateMachine.states.map((s: State) => s.name)).not.toContain('b');
    },
  );

  it('accepts a ttlEvent reached through a wildcard transition, and the TTL moves the container', async () => {
    const machine = machineWith({ ttlMs: 100, ttlEvent: 'GO' }, [
      { from: '*', event: 'GO', to: 'b' },
    ]);
    expect((await fx.request('PUT', STATE_MACHINE, { body: machine })).status).toBe(202);
    await fx.settle();
    const created = await fx.request('POST', '/core/api/v2/containers/bag', { body: {} });
    await fx.settle(1000);
    const bag = await fx.request('GET', `/core/api/v2/containers/bag/${created.body.data.id}`);
    expect(bag.body.data.state).toBe('b');
  });
});

describe('TTL settings in a config file', () => {
  const configFile = (machine: unknown): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'os1-ttl-')), 'config.json');
    writeFileSync(path, JSON.stringify({ stateMachines: { container: machine } }));
    return path;
  };

  it.each(BROKEN)(
    'refuses %s, naming the key (the CLI exits 2 on a ConfigError)',
    (_name, machine, message) => {
      const path = configFile(machine);
      expect(() => loadConfigFile(path)).toThrow(ConfigError);
      expect(() => loadConfigFile(path)).toThrow(
        new RegExp(`config file ${path}: "stateMachines\\.container": ${message.source}`),
      );
    },
  );

  it('loads a machine whose TTLs can fire', () => {
    const path = configFile(machineWith({ ttlMs: 100, ttlEvent: 'GO' }));
    expect(loadConfigFile(path).stateMachines?.container?.states[0]).toEqual({
      name: 'a',
      ttlMs: 100,
      ttlEvent: 'GO',
    });
  });
});
