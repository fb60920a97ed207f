import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../mock-server/cli/run-cli.js';
import { fakeIo } from './support/fake-io.js';
import type { ReferenceReceiver } from './support/reference-receiver.js';
import { startReferenceReceiver } from './support/reference-receiver.js';
import { findAll, parseXml } from './support/xml.js';

const SECRET = 'cli-secret';
const MAIN = join(import.meta.dirname, '../../dist/mock-server/cli/main.js');

describe('os1-mock verify', () => {
  let good: ReferenceReceiver;
  let answers201: ReferenceReceiver;
  let answers400ToForgeries: ReferenceReceiver;
  let folder: string;

  beforeAll(async () => {
    good = await startReferenceReceiver('os1', SECRET);
    answers201 = await startReferenceReceiver('os1', SECRET, { ackStatus: 201 });
    answers400ToForgeries = await startReferenceReceiver('os1', SECRET, {
      badSignatureStatus: 400,
    });
    folder = mkdtempSync(join(tmpdir(), 'os1-verify-'));
  });

  afterAll(async () => {
    await Promise.all([good.close(), answers201.close(), answers400ToForgeries.close()]);
    rmSync(folder, { recursive: true, force: true });
  });

  const verify = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = fakeIo(env);
    const code = await runCli(['verify', ...args], io);
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  it('exits 0 and prints a passing checklist for a correct receiver', async () => {
    const { code, stdout, stderr } = await verify([good.url, '--secret', SECRET]);
    expect(stderr).toBe('');
    expect(stdout).toContain('PASS  ack.every-event');
    expect(stdout).toContain('SKIP  timestamp.stale');
    expect(stdout).toContain('PASS: every MUST case passed.');
    expect(code).toBe(0);
  });

  it('exits 1 when a MUST case fails and says why', async () => {
    const { code, stdout } = await verify([answers201.url, '--secret', SECRET]);
    expect(stdout).toContain('FAIL  ack.every-event');
    expect(stdout).toContain('got HTTP 201');
    expect(stdout).toContain('OS1 accepts only 200 and 202');
    expect(stdout).toMatch(/FAIL: \d+ MUST cases? failed\./);
    expect(code).toBe(1);
  });

  it('exits 0 when only SHOULD cases fail', async () => {
    const { code, stdout } = await verify([answers400ToForgeries.url, '--secret', SECRET]);
    expect(stdout).toContain('FAIL  reject.unauthorized-status');
    expect(stdout).toContain('1 SHOULD case failed');
    expect(code).toBe(0);
  });

  it("exits 1 when the secret is not the receiver's (valid callbacks come back 401)", async () => {
    const { code, stdout } = await verify([good.url, '--secret', 'not-the-secret']);
    expect(stdout).toMatch(/FAIL {2}ack\.every-event[\s\S]*got HTTP 401/);
    expect(code).toBe(1);
  });

  it('takes the secret from OS1_MOCK_SECRET and runs only the cases --only names', async () => {
    const { code, stdout } = await verify(
      [good.url, '--only', 'ack.every-event, reject.wrong-secret', '--reporter', 'json'],
      { OS1_MOCK_SECRET: SECRET },
    );
    const report = JSON.parse(stdout) as { cases: { id: string; status: string }[] };
    expect(report.cases.map((result) => [result.id, result.status])).toEqual([
      ['ack.every-event', 'passed'],
      ['reject.wrong-secret', 'passed'],
    ]);
    expect(code).toBe(0);
  });

  it('prints the JSON report in exactly the documented shape', async () => {
    const { code, stdout } = await verify([
      answers201.url,
      '--secret',
      SECRET,
      '--reporter',
      'json',
    ]);
    const report = JSON.parse(stdout) as Record<string, unknown> & { cases: object[] };
    expect(Object.keys(report)).toEqual(['passed', 'failed', 'skipped', 'cases']);
    for (const result of report.cases) {
      expect(Object.keys(result)).toEqual(['id', 'title', 'level', 'status', 'detail']);
    }
    expect(report).toMatchObject({ failed: expect.any(Number), skipped: 3 });
    expect(Number(report.passed) + Number(report.failed) + Number(report.skipped)).toBe(
      report.cases.length,
    );
    expect(code).toBe(1);
  });

  it('writes JUnit XML to --output and still prints the checklist', async () => {
    const output = join(folder, 'receiver-contract.xml');
    const { code, stdout } = await verify([
      answers201.url,
      '--secret',
      SECRET,
      '--reporter',
      'junit',
      '--output',
      output,
    ]);
    expect(stdout).toContain('FAIL  ack.every-event');
    expect(stdout).toContain(`junit report written to ${output}`);
    const root = parseXml(readFileSync(output, 'utf8'));
    expect(findAll(root, 'testcase')).toHaveLength(24);
    expect(findAll(root, 'failure').length).toBeGreaterThan(0);
    expect(findAll(root, 'skipped')).toHaveLength(3);
    expect(code).toBe(1);
  });

  it('prints its help with --help and exits 0', async () => {
    const { code, stdout } = await verify(['--help']);
    expect(stdout).toContain('Usage: os1-mock verify <receiver-url> --secret <s>');
    expect(code).toBe(0);
  });

  describe('usage errors exit 2 with a message that says what to fix', () => {
    it.each([
      ['no URL', ['--secret', SECRET], /needs the receiver URL/],
      [
        'a URL that is not one',
        ['not a url', '--secret', SECRET],
        /is not a URL: give the full callback URL/,
      ],
      [
        'a URL that is not http',
        ['ftp://example.com/cb', '--secret', SECRET],
        /must start with http:\/\/ or https:\/\//,
      ],
      [
        'two URLs',
        ['http://a.test/', 'http://b.test/', '--secret', SECRET],
        /takes one receiver URL/,
      ],
      ['no secret', ['http://127.0.0.1:1/cb'], /pass --secret <s> or set OS1_MOCK_SECRET/],
      [
        'an unknown scheme',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--scheme', 'stripe'],
        /--scheme must be one of os1, os1-legacy-sha256, standard-webhooks, github/,
      ],
      [
        'an unknown reporter',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--reporter', 'tap'],
        /--reporter must be one of pretty, json, junit/,
      ],
      [
        'an unknown case id in --only',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--only', 'ack.every-event,ack.nope'],
        /--only: unknown case id "ack\.nope"; the cases are: ack\.every-event/,
      ],
      [
        'an empty --only',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--only', ','],
        /--only: no case selected/,
      ],
      [
        'a bad --timeout-ms',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--timeout-ms', '2s'],
        /--timeout-ms must be a whole number of milliseconds/,
      ],
      [
        'an unknown option',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--colour'],
        /^os1-mock: unknown option --colour\.\nUsage: os1-mock verify <receiver-url> --secret <s> \[options\]\nRun "os1-mock verify --help" for the options\.$/,
      ],
      [
        'an option without its value',
        ['http://127.0.0.1:1/cb', '--secret'],
        /^os1-mock: --secret needs a value, e\.g\. --secret <value>; for a value that starts with "-", write --secret=<value>\.\nUsage: os1-mock verify/,
      ],
      [
        'a value for --help',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--help=yes'],
        /^os1-mock: --help takes no value\. Write --help alone\.\nUsage: os1-mock verify/,
      ],
      [
        'an --output in a missing folder',
        ['http://127.0.0.1:1/cb', '--secret', SECRET, '--output', '/nonexistent-folder/report.xml'],
        /cannot write --output \/nonexistent-folder\/report\.xml: the folder \/nonexistent-folder does not exist/,
      ],
    ])('for %s', async (_what, args, message) => {
      const { code, stderr } = await verify(args);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/^os1-mock: /);
      expect(code).toBe(2);
    });

    it('for an --output that is a folder', async () => {
      const { code, stderr } = await verify([good.url, '--secret', SECRET, '--output', folder]);
      expect(stderr).toContain(`--output ${folder} is a directory; give a file path`);
      expect(code).toBe(2);
    });
  });

  describe('the built executable', () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [MAIN, 'verify', ...args], {
        env: { PATH: process.env.PATH },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({
          code: error.code,
          stdout: `${error.stdout}${error.stderr}`,
        }),
      );

    it('exits 0, 1 and 2 from dist/ (run npm run build first)', async () => {
      expect(existsSync(MAIN), `${MAIN} is missing: run npm run build`).toBe(true);
      const passing = await run([good.url, '--secret', SECRET]);
      expect(passing.stdout).toContain('PASS: every MUST case passed.');
      expect(passing.code).toBe(0);
      const failing = await run([answers201.url, '--secret', SECRET, '--reporter', 'junit']);
      expect(findAll(parseXml(failing.stdout), 'testcase')).toHaveLength(24);
      expect(failing.code).toBe(1);
      const usage = await run([good.url]);
      expect(usage.stdout).toContain('pass --secret <s> or set OS1_MOCK_SECRET');
      expect(usage.code).toBe(2);
      const unknownOption = await run(['--bogus']);
      expect(unknownOption.stdout).toBe(
        'os1-mock: unknown option --bogus.\nUsage: os1-mock verify <receiver-url> --secret <s> [options]\nRun "os1-mock verify --help" for the options.\n',
      );
      expect(unknownOption.code).toBe(2);
    });
  });
});
