import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECRET } from '../../mock-server/config/defaults.js';
import type { RunningProcess } from '../support/cli-process.js';
import { CLI_ENTRY, REPO_ROOT, spawnProcess } from '../support/cli-process.js';
import type { TestReceiver } from '../support/receiver.js';
import { startReceiver } from '../support/receiver.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
);
const ciScript = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}\n`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function firstShellBlock(text: string): string {
  const match = text.match(/```sh\n([\s\S]*?)```/);
  if (!match?.[1]) throw new Error('no ```sh block found');
  return match[1];
}

const commandOf = (line: string) => line.replace(/#.*$/, '').trim();

describe('README quick start', () => {
  const lines = firstShellBlock(section('Quick start')).split('\n').map(commandOf).filter(Boolean);

  it('has exactly two commands: one runs the mock, one runs the tests', () => {
    expect(lines).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it('runs the mock with `npm start` and CI runs the same test command', () => {
    expect(packageJson.scripts.start).toBe('node dist/mock-server/cli/main.js serve');
    expect(ciScript).toMatch(/^npm ci\b.*$/m);
    expect(ciScript).toMatch(/^npm test$/m);
  });

  it('lists every command with `npx os1-mock --help`, as it says after the quick start', async () => {
    expect(readme).toContain('After `npm ci`, `npx os1-mock --help` lists every command.');
    // npm ci builds dist (prepare); the bin npx runs must be executable there, not only here.
    expect(statSync(CLI_ENTRY).mode & 0o111).toBe(0o111);
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'os1-mock', '--help'], {
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    for (const command of ['serve', 'listen', 'verify']) expect(stdout).toContain(command);
  });
});

describe('README walkthrough, run against `npm start`', () => {
  let mock: RunningProcess;
  let receiver: TestReceiver;
  let baseUrl: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    // As the README says, but on a free port so tests never collide.
    mock = spawnProcess('npm', ['start', '--silent', '--', '--port', '0', '--log-format', 'json']);
    const [, url] = await mock.waitForOutput(/os1-mock ready at (http:\/\/\S+)/, 15_000);
    baseUrl = url as string;
  });

  afterAll(async () => {
    await mock?.stop('SIGTERM');
    await receiver?.close();
  });

  it('creates a type and a container, and the callback verifies with node:crypto and the secret', async () => {
    const block = readme.match(
      /<!-- walkthrough:start -->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/,
    )?.[1];
    expect(block, 'README lost its walkthrough block').toBeTruthy();
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', block as string],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, OS1: baseUrl, RECEIVER: receiver.url },
        timeout: 20_000,
      },
    );
    expect(stdout).toContain('"state":"delivered"');

    const created = receiver.received.find(
      (callback) => (callback.json as { eventType?: string }).eventType === 'container.created',
    );
    expect(created?.json).toMatchObject({
      service: 'Container',
      tenantId: 'acme',
      status: 'success',
      containerType: 'crate',
      meta: { order: '42' },
      data: { trackingDetails: [{ operator: 'acme', trackingId: 'T-1', isPrimary: true }] },
    });
    const expected = createHmac('sha256', DEFAULT_SECRET)
      .update(created?.body ?? '')
      .digest('hex');
    expect(created?.headers['x-coreos-hmac-signature']).toBe(expected);
  });
});
