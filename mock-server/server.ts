import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock.js';
import type { ResolvedConfig } from './config/defaults.js';
import { applyConfig, defaultConfig } from './config/defaults.js';
import { checkConfig } from './config/load-config.js';
import { createMockCore } from './core.js';
import type { Transport } from './delivery/transport.js';
import type { MockConfig } from './generated/contracts.js';
import type { MockHandle } from './handle.js';
import { createHandle } from './handle.js';
import { createApp } from './http/app.js';
import { answerClientError } from './http/client-error.js';
import type { Logger } from './logging.js';
import { silentLogger } from './logging.js';

export interface StartMockServerOptions {
  /** Settings in the config file's shape (contracts/schemas/config.json). */
  config?: MockConfig;
  /** Shorthands that win over `config`. */
  port?: number;
  host?: string;
  secret?: string;
  clock?: 'real' | 'virtual';
  /** Where callbacks go; real HTTP by default. */
  transport?: Transport;
  logger?: Logger;
}

export interface MockServer extends MockHandle {
  /** Base URL, e.g. http://127.0.0.1:4010 */
  readonly url: string;
  readonly port: number;
  readonly config: ResolvedConfig;
  readonly server: Server;
  /** Stops listening and all timers; resolves with how many callbacks were still pending. */
  stop(): Promise<number>;
}

/** Builds the resolved config a server or interceptor runs with, validating what it is given. */
export function resolveConfig(
  options: StartMockServerOptions,
  base = defaultConfig(),
): ResolvedConfig {
  const shorthands: MockConfig = {
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.secret === undefined ? {} : { secret: options.secret }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  };
  const file = options.config ? checkConfig(options.config, 'config') : {};
  return applyConfig(applyConfig(base, file), checkConfig(shorthands, 'options'));
}

/** Starts the fake OS1 over HTTP. The port defaults to an ephemeral one, the host to 127.0.0.1. */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const config = resolveConfig({ port: 0, ...options });
  return listen(config, options.logger ?? silentLogger(), options.transport);
}

/** Starts a server from a resolved config (the CLI's entry). */
export async function listen(
  config: ResolvedConfig,
  logger: Logger,
  transport?: Transport,
  clock?: Clock,
): Promise<MockServer> {
  const onBug = (error: unknown, context?: unknown) =>
    logger.error({ err: error, context: describeContext(context) }, 'os1-mock internal error');
  const core = createMockCore({
    config,
    ...(transport ? { transport } : {}),
    ...(clock ? { clock } : {}),
    onInternalError: (error) => onBug(error),
  });
  const app = createApp(core, { onBug });
  // Node checks the request and header timeouts of open connections on this interval (30 s by
  // default), so a timeout fired up to one interval late: a 408 "within 30 s" came after 30 to
  // 60 s. Checked each second, it comes within a second of the timeout.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, app.callback());
  server.on('clientError', answerClientError);
  // client-error.ts's 408 message says this timeout.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopped: Promise<number> | undefined;
  return {
    ...createHandle(core),
    url: `http://${host}:${address.port}`,
    port: address.port,
    config,
    server,
    stop() {
      stopped ??= new Promise<number>((resolve) => {
        const pending = core.close();
        server.close(() => resolve(pending));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function describeContext(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return undefined;
  const ctx = context as { method?: string; path?: string };
  return { method: ctx.method, path: ctx.path };
}
