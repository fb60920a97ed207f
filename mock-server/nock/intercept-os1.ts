import { inject } from 'light-my-request';
import type { Interceptor } from 'nock';
import nock from 'nock';
import { createMockCore } from '../core.js';
import type { InProcessReceiver } from '../delivery/in-process-transport.js';
import { inProcessTransport } from '../delivery/in-process-transport.js';
import type { MockHandle } from '../handle.js';
import { createHandle } from '../handle.js';
import { createApp } from '../http/app.js';
import type { StartMockServerOptions } from '../server.js';
import { resolveConfig } from '../server.js';

export interface InterceptOs1Options
  extends Omit<StartMockServerOptions, 'port' | 'host' | 'transport' | 'logger'> {
  /** The OS1 base URL your client calls, e.g. https://acme.os1.test (a path prefix is allowed). */
  baseUrl: string;
  /** Receive callbacks in-process instead of over real HTTP. */
  receiver?: InProcessReceiver;
}

export interface Os1Interceptor extends MockHandle {
  readonly baseUrl: string;
  /** Removes every interceptor this call added and stops the mock's timers. */
  restore(): void;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * Answers a client's calls to `baseUrl` in-process with the fake OS1, through nock: no port is
 * opened. Callbacks go over real HTTP (other hosts are not blocked) or to `receiver`.
 */
export function interceptOs1(options: InterceptOs1Options): Os1Interceptor {
  const base = parseBaseUrl(options.baseUrl);
  const config = resolveConfig({ ...options, port: 0 });
  const core = createMockCore({
    config,
    ...(options.receiver ? { transport: inProcessTransport(options.receiver) } : {}),
  });
  const handler = createApp(core, {
    onBug: (error) => console.error('os1-mock internal error (please report it):', error),
  }).callback();
  const scope = nock(base.origin).persist();
  const interceptors: Interceptor[] = [];
  for (const method of METHODS) {
    const interceptor = scope.intercept((path) => path.startsWith(base.prefix), method);
    interceptors.push(interceptor);
    interceptor.reply(async function reply(uri, body) {
      const headers = { ...this.req.headers };
      delete headers['content-length'];
      const payload =
        body === undefined || body === ''
          ? undefined
          : typeof body === 'string'
            ? body
            : JSON.stringify(body);
      const response = await inject(handler, {
        method,
        url: uri.slice(base.prefix.length) || '/',
        headers,
        ...(payload === undefined ? {} : { payload }),
      });
      return [response.statusCode, response.payload, response.headers as Record<string, string>];
    });
  }
  let restored = false;
  return {
    ...createHandle(core),
    baseUrl: options.baseUrl,
    restore() {
      if (restored) return;
      restored = true;
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
      core.close();
    },
  };
}

function parseBaseUrl(baseUrl: string): { origin: string; prefix: string } {
  if (!URL.canParse(baseUrl)) {
    throw new TypeError(
      `interceptOs1: baseUrl must be an absolute URL such as https://acme.os1.test, got "${baseUrl}".`,
    );
  }
  const url = new URL(baseUrl);
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}
