import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectReceiverToPassContract } from '../../contracts/receiver-suite/test-helpers.js';
import { runCli } from '../../mock-server/cli/run-cli.js';
import { fakeIo } from './support/fake-io.js';
import { findAll, parseXml } from './support/xml.js';

const SECRET = 'unreachable-secret';

/** A loopback URL where nothing listens: a port the system just handed out and took back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/callbacks`;
}

const verify = async (args: string[]) => {
  const io = fakeIo();
  const code = await runCli(['verify', ...args], io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};

describe('os1-mock verify against a URL where nothing listens', () => {
  let url = '';
  beforeAll(async () => {
    url = await closedPortUrl();
  });

  it('leads with one line saying nothing listens there, passes no case and exits 1', async () => {
    const { code, stdout } = await verify([url, '--secret', SECRET]);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe(
      `ERROR: nothing is listening at ${url} (connection refused): start the receiver or check the URL.`,
    );
    expect(stdout).not.toContain('PASS ');
    expect(stdout).toMatch(/FAIL {2}timing\.within-budget/);
    expect(stdout).toContain('FAIL: the receiver never answered, so no case could be judged.');
    expect(stdout).toMatch(/^0 passed, 21 failed, 3 skipped in \d+ ms\.$/m);
    expect(stdout).not.toContain('Likely bug');
    expect(code).toBe(1);
  });

  it('puts the reason first in the JSON report and fails every case that ran', async () => {
    const { code, stdout } = await verify([url, '--secret', SECRET, '--reporter', 'json']);
    const report = JSON.parse(stdout) as {
      unreachable: string;
      passed: number;
      cases: { id: string; status: string; detail: string }[];
    };
    expect(Object.keys(report)[0]).toBe('unreachable');
    expect(report.unreachable).toContain(`nothing is listening at ${url}`);
    expect(report.passed).toBe(0);
    const ran = report.cases.filter((result) => result.status !== 'skipped');
    expect(ran).toHaveLength(21);
    for (const result of ran) {
      expect(result).toMatchObject({
        status: 'failed',
        detail: `could not be judged: ${report.unreachable}`,
      });
    }
    expect(code).toBe(1);
  });

  it('reports each case as a JUnit error (could not run), with the errors count to match', async () => {
    const { code, stdout } = await verify([url, '--secret', SECRET, '--reporter', 'junit']);
    const root = parseXml(stdout);
    const [suite] = findAll(root, 'testsuite');
    expect(suite?.attributes).toMatchObject({
      tests: '24',
      failures: '0',
      errors: '21',
      skipped: '3',
    });
    expect(root.attributes).toMatchObject({ failures: '0', errors: '21' });
    expect(findAll(root, 'failure')).toHaveLength(0);
    const errors = findAll(root, 'error');
    expect(errors).toHaveLength(21);
    for (const error of errors) {
      expect(error.attributes.type).toBe('unreachable');
      expect(error.attributes.message).toContain(`nothing is listening at ${url}`);
    }
    expect(code).toBe(1);
  });

  it('throws from expectReceiverToPassContract with the reason, not 16 case failures', async () => {
    await expect(expectReceiverToPassContract(url, { secret: SECRET })).rejects.toThrow(
      `the receiver never answered, so no case of the OS1 receiver contract could be judged: nothing is listening at ${url}`,
    );
  });
});

describe('timing.within-budget', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // Answers Container and Entity callbacks at once, drops the connection on Participant ones.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (Buffer.concat(chunks).toString('utf8').includes('"participant.')) {
          request.socket.destroy();
        } else {
          response.writeHead(202).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails when one of its callbacks got no answer at all, though nothing ran out of time', async () => {
    const { code, stdout } = await verify([
      url,
      '--secret',
      SECRET,
      '--only',
      'timing.within-budget',
      '--reporter',
      'json',
    ]);
    const report = JSON.parse(stdout) as {
      unreachable?: string;
      cases: { id: string; status: string; detail: string }[];
    };
    expect(report.unreachable).toBeUndefined();
    expect(report.cases).toEqual([
      expect.objectContaining({ id: 'timing.within-budget', status: 'failed' }),
    ]);
    expect(report.cases[0]?.detail).toContain(
      "1 of this case's 3 valid callbacks got no answer at all",
    );
    expect(report.cases[0]?.detail).toContain('closed the connection before answering');
    expect(code).toBe(1);
  });
});
