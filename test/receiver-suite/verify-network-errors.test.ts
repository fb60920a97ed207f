import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../mock-server/cli/run-cli.js';
import { describeNetworkError } from '../../mock-server/outbound-http.js';
import { fakeIo } from './support/fake-io.js';

const SECRET = 'tls-secret';
const TLS = join(import.meta.dirname, 'support/tls');

const verify = async (args: string[]) => {
  const io = fakeIo();
  const code = await runCli(['verify', ...args], io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
};

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The error a real POST to `url` fails with (the test fails if it gets an answer). */
function errorOf(
  url: string,
  options: https.RequestOptions = {},
): Promise<Error & { code?: string }> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? https : http).request(url, {
      ...options,
      method: 'POST',
    });
    request.on('error', resolve);
    request.on('response', (response) => {
      response.resume();
      reject(new Error(`expected a network error, got HTTP ${response.statusCode}`));
    });
    request.end('{}');
  });
}

describe('network errors in words a user can act on', () => {
  let plain: Server;
  let selfSigned: Server;
  let plainPort = 0;
  let selfSignedPort = 0;

  beforeAll(async () => {
    plain = http.createServer((_request, response) => response.writeHead(202).end());
    selfSigned = https.createServer(
      {
        key: readFileSync(join(TLS, 'self-signed-key.pem')),
        cert: readFileSync(join(TLS, 'self-signed-cert.pem')),
      },
      (_request, response) => response.writeHead(202).end(),
    );
    [plainPort, selfSignedPort] = await Promise.all([listen(plain), listen(selfSigned)]);
  });

  afterAll(async () => {
    await Promise.all([close(plain), close(selfSigned)]);
  });

  it('says https:// to a plain-HTTP receiver does not speak TLS, not OpenSSL text', async () => {
    const url = `https://127.0.0.1:${plainPort}/callbacks`;
    const { code, stdout } = await verify([url, '--secret', SECRET]);
    expect(stdout.split('\n')[2]).toBe(
      `ERROR: no request to ${url} got an answer: the receiver does not speak TLS at this address; use http:// (or enable TLS on the receiver).`,
    );
    expect(stdout).not.toMatch(/EPROTO|SSL routines|openssl/);
    expect(stdout).not.toMatch(/^\s*\.\s*$/m);
    expect(stdout).not.toMatch(/Likely bug: *\.?$/m);
    expect(code).toBe(1);
  });

  it('says how to trust a self-signed receiver certificate (NODE_EXTRA_CA_CERTS)', async () => {
    const url = `https://localhost:${selfSignedPort}/callbacks`;
    const { code, stdout } = await verify([url, '--secret', SECRET, '--reporter', 'json']);
    const report = JSON.parse(stdout) as { unreachable: string };
    expect(report.unreachable).toBe(
      `no request to ${url} got an answer: the receiver's TLS certificate is self-signed, and this process does not trust it (DEPTH_ZERO_SELF_SIGNED_CERT): start os1-mock with NODE_EXTRA_CA_CERTS=<the certificate's PEM file>, or use http:// for a receiver on this machine.`,
    );
    expect(code).toBe(1);
  });

  it('words the same failures for callback deliveries and hooks, each on one line', async () => {
    const wrongVersion = await errorOf(`https://127.0.0.1:${plainPort}/`);
    expect(describeNetworkError(wrongVersion, 'callback URL', 'receiver')).toBe(
      'the receiver does not speak TLS at this address; use http:// (or enable TLS on the receiver)',
    );
    expect(describeNetworkError(wrongVersion, 'hook URL', 'hook')).toBe(
      'the hook does not speak TLS at this address; use http:// (or enable TLS on the hook)',
    );
    const untrusted = await errorOf(`https://localhost:${selfSignedPort}/`);
    expect(describeNetworkError(untrusted, 'hook URL', 'hook')).toMatch(
      /^the hook's TLS certificate is self-signed, .*NODE_EXTRA_CA_CERTS=/,
    );
    // Trusted, but made out to localhost, not 127.0.0.1.
    const wrongName = await errorOf(`https://127.0.0.1:${selfSignedPort}/`, {
      ca: readFileSync(join(TLS, 'self-signed-cert.pem')),
    });
    expect(describeNetworkError(wrongName, 'callback URL', 'receiver')).toBe(
      "the receiver's TLS certificate is not for the callback URL's host (IP: 127.0.0.1 is not in the cert's list): call it by a name the certificate lists, or reissue the certificate",
    );
  });

  it('names an unfamiliar TLS failure by its reason and keeps any message on one line', () => {
    const handshake = Object.assign(
      new Error(
        'write EPROTO 80EC0283A87F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1590:\n',
      ),
      { code: 'EPROTO' },
    );
    expect(describeNetworkError(handshake, 'callback URL', 'receiver')).toBe(
      'the TLS handshake with the receiver failed (sslv3 alert handshake failure)',
    );
    const other = Object.assign(new Error('something\nwent wrong:\n'), { code: 'EWHATEVER' });
    expect(describeNetworkError(other, 'callback URL', 'receiver')).toBe(
      'EWHATEVER: something went wrong',
    );
  });
});
