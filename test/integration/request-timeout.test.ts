import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../mock-server/errors.js';
import type { MockServer } from '../../mock-server/server.js';
import { startMockServer } from '../../mock-server/server.js';
import { os1Headers } from '../support/os1-client.js';

/** What came back on a connection that sent a request's head and part of its body, then idled. */
interface IdleAnswer {
  status: number;
  json: { error?: { code?: string; description?: string } };
  afterMs: number;
}

/**
 * Sends the head of a POST declaring a 100-byte body and 5 bytes of it, then waits; resolves with
 * the answer and how long it took. Rejects after `giveUpMs`: a hang is a failure, never a wait.
 */
function sendIncompleteBody(port: number, giveUpMs: number): Promise<IdleAnswer> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${giveUpMs} ms to an incomplete body`));
    }, giveUpMs);
    const head = Object.entries(os1Headers())
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.on('connect', () =>
      socket.write(
        `POST /core/api/v2/containers/bag HTTP/1.1\r\nhost: x\r\n${head}content-length: 100\r\n\r\n{"a":`,
      ),
    );
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(received).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      try {
        resolve({ status, json: JSON.parse(body || '{}'), afterMs: performance.now() - began });
      } catch {
        reject(new Error(`not one JSON answer: ${text.slice(0, 500)}`));
      }
    });
  });
}

/**
 * A client that declares a body and stops sending gets 408 once the request timeout has passed:
 * Node checks request timeouts on an interval, which must be short next to the timeout, or the
 * 408 comes up to that interval late (it came after ~47 s for a timeout of 30 s).
 */
describe('a request body that never arrives in full', () => {
  let mock: MockServer;

  beforeEach(async () => {
    mock = await startMockServer({});
  });

  afterEach(async () => {
    await mock.stop();
  });

  it('answers 408 within a second of the request timeout, saying the timeout the server has', async () => {
    // The message names the real timeout, 30 s; the test lowers it to run in seconds.
    expect(mock.server.requestTimeout).toBe(30_000);
    mock.server.headersTimeout = 500;
    mock.server.requestTimeout = 1000;
    const answer = await sendIncompleteBody(mock.port, 6000);
    expect(answer.status).toBe(408);
    expect(answer.json.error?.code).toBe(ERRORS.REQUEST_TIMEOUT.code);
    expect(answer.json.error?.description).toContain('within 30 s');
    expect(answer.afterMs).toBeGreaterThanOrEqual(1000);
    // The timeout (1 s) plus one checking interval (1 s), plus slack for a busy CI machine; Node's
    // default interval (30 s) would answer after 29 s or more.
    expect(answer.afterMs).toBeLessThan(5000);
  }, 10_000);
});
