import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../mock-server/cli/run-cli.js';
import { maskUrlPassword } from '../../mock-server/delivery/redact-url.js';
import { fakeIo } from './support/fake-io.js';
import { findAll, parseXml } from './support/xml.js';

const SECRET = 'password-secret';
const PASSWORD = 'pa55w0rd';

const verify = async (args: string[]) => {
  const io = fakeIo();
  const code = await runCli(['verify', ...args], io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};

describe('os1-mock verify with a password in the receiver URL', () => {
  let server: Server;
  let port = 0;
  let folder = '';
  const authorizations = new Set<string | undefined>();

  beforeAll(async () => {
    // Records the credentials each request carried; answers 401 so the run fails and reports.
    server = createServer((request, response) => {
      authorizations.add(request.headers.authorization);
      request.resume();
      request.on('end', () => response.writeHead(401).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    folder = mkdtempSync(join(tmpdir(), 'os1-verify-password-'));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  const url = () => `http://user:${PASSWORD}@127.0.0.1:${port}/callbacks`;
  const masked = () => `http://user:****@127.0.0.1:${port}/callbacks`;
  const only = ['--only', 'ack.every-event'];

  it('shows user:**** in the pretty header and still sends the real credentials', async () => {
    authorizations.clear();
    const { code, stdout } = await verify([url(), '--secret', SECRET, ...only]);
    expect(stdout.split('\n')[0]).toBe(
      `os1-mock verify ${masked()} (scheme os1, 10000 ms per answer)`,
    );
    expect(stdout).not.toContain(PASSWORD);
    expect([...authorizations]).toEqual([
      `Basic ${Buffer.from(`user:${PASSWORD}`).toString('base64')}`,
    ]);
    expect(code).toBe(1);
  });

  it('keeps the password out of a JUnit file and of the checklist printed beside it', async () => {
    const output = join(folder, 'receiver-contract.xml');
    const { stdout } = await verify([
      url(),
      '--secret',
      SECRET,
      ...only,
      '--reporter',
      'junit',
      '--output',
      output,
    ]);
    const xml = readFileSync(output, 'utf8');
    expect(xml).not.toContain(PASSWORD);
    expect(findAll(parseXml(xml), 'testsuite')[0]?.attributes.name).toBe(
      `OS1 receiver contract: ${masked()} (os1)`,
    );
    expect(stdout).not.toContain(PASSWORD);
    expect(stdout).toContain(masked());
  });

  it('keeps the password out of the JSON report when the receiver is not there', async () => {
    // A port the system just handed out and took back: nothing listens there.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const sparePort = (spare.address() as AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const closed = `http://user:${PASSWORD}@127.0.0.1:${sparePort}/callbacks`;
    const { stdout } = await verify([closed, '--secret', SECRET, ...only, '--reporter', 'json']);
    expect(stdout).not.toContain(PASSWORD);
    expect((JSON.parse(stdout) as { unreachable: string }).unreachable).toContain(
      `nothing is listening at http://user:****@127.0.0.1:${sparePort}/callbacks`,
    );
  });

  it('keeps the password out of usage errors that repeat the URL', async () => {
    for (const args of [
      [`ftp://user:${PASSWORD}@example.com/cb`, '--secret', SECRET],
      ['http://a.test/', `http://user:${PASSWORD}@b.test/`, '--secret', SECRET],
    ]) {
      const { code, stderr } = await verify(args);
      expect(stderr).toContain('user:****@');
      expect(stderr).not.toContain(PASSWORD);
      expect(code).toBe(2);
    }
  });
});

describe('maskUrlPassword', () => {
  it.each([
    ['http://user:secret@host.test:8080/cb?x=1', 'http://user:****@host.test:8080/cb?x=1'],
    ['http://host.test/cb', 'http://host.test/cb'],
    ['http://token@host.test/cb', 'http://****@host.test/cb'],
    ['not a url //user:secret@host', 'not a url //user:****@host'],
  ])('shows %s as %s', (url, shown) => {
    expect(maskUrlPassword(url)).toBe(shown);
  });
});
