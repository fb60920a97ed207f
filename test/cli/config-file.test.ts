import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfigFile } from '../../mock-server/config/load-config.js';

// Root reads any file whatever its mode, so a permission error is also simulated for one path.
const { DENIED } = vi.hoisted(() => ({ DENIED: '/os1-mock-test/denied.json' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: unknown, ...rest: unknown[]) => {
    if (path === DENIED) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${DENIED}'`), {
        code: 'EACCES',
      });
    }
    return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readFileSync;
  return { ...fs, readFileSync };
});

const tempDir = () => mkdtempSync(join(tmpdir(), 'os1-mock-config-'));

describe('a --config file that cannot be used says how to fix it', () => {
  it('a directory: pass the JSON file itself', () => {
    const dir = tempDir();
    expect(() => loadConfigFile(dir)).toThrow(
      `config file ${dir} is a directory: pass the JSON file itself`,
    );
  });

  it('unreadable: check its permissions', () => {
    expect(() => loadConfigFile(DENIED)).toThrow(
      `config file ${DENIED} cannot be read: check its permissions`,
    );
  });

  it.runIf(process.getuid?.() !== 0)('unreadable on disk: check its permissions', () => {
    const path = join(tempDir(), 'os1-mock.json');
    writeFileSync(path, '{}');
    chmodSync(path, 0o000);
    expect(() => loadConfigFile(path)).toThrow('cannot be read: check its permissions');
  });
});

describe('a --config file that starts with a UTF-8 byte order mark', () => {
  it('is read as the JSON after the mark', () => {
    const path = join(tempDir(), 'os1-mock.json');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"seed": 7}')]),
    );
    expect(loadConfigFile(path)).toEqual({ seed: 7 });
  });

  it('still has its JSON checked', () => {
    const path = join(tempDir(), 'os1-mock.json');
    writeFileSync(path, '\uFEFF{"seed": "seven"}');
    expect(() => loadConfigFile(path)).toThrow(`config file ${path}: "seed"`);
  });
});
