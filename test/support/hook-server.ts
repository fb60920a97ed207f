import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';

export interface HookServerRequest {
  method: string;
  /** The path the request came to, e.g. /on-request. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface HookReply {
  status: number;
  body?: unknown;
}

/**
 * A validation hook (and callback receiver) on 127.0.0.1 and an ephemeral port. It records every
 * request in arrival order, whatever its path, and answers with `reply`, which may hold its answer
 * (return a promise) until the test releases it.
 */
export interface HookServer {
  /** Base URL, e.g. http://127.0.0.1:5123; give each hook its own path. */
  readonly url: string;
  readonly received: HookServerRequest[];
  reply: (request: HookServerRequest) => HookReply | Promise<HookReply>;
  /** Requests that came to this path. */
  at(path: string): HookServerRequest[];
  /** Resolves once `count` requests have come to `path` (rejects after 5 s of real time). */
  waitFor(path: string, count?: number): Promise<HookServerRequest[]>;
  close(): Promise<void>;
}

export async function startHookServer(
  reply: HookServer['reply'] = () => ({ status: 200, body: {} }),
): Promise<HookServer> {
  const received: HookServerRequest[] = [];
  const waiters = new Set<() => void>();
  const state = { reply };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const entry: HookServerRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        json,
      };
      received.push(entry);
      for (const wake of waiters) wake();
      const answer = await state.reply(entry);
      if (response.destroyed) return;
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const at = (path: string) => received.filter((entry) => entry.path === path);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get reply() {
      return state.reply;
    },
    set reply(next) {
      state.reply = next;
    },
    at,
    waitFor(path, count = 1) {
      if (at(path).length >= count) return Promise.resolve(at(path));
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (at(path).length < count) return;
          cleanup();
          resolve(at(path));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${at(path).length} of ${count} requests came to ${path} within 5 s`));
        }, 5000);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        waiters.add(wake);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A promise the test resolves by hand: hold a hook's answer until `release`. */
export function held<T>(): { promise: Promise<T>; release: (value: T) => void } {
  let release: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

/** The hook server every test of a block uses, started and closed around each test. */
export function useHookServer(): { readonly hooks: HookServer } {
  let server: HookServer | undefined;
  beforeEach(async () => {
    server = await startHookServer();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  return {
    get hooks() {
      if (!server) throw new Error('the hook server is used outside a test');
      return server;
    },
  };
}
