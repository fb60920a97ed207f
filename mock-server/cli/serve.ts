import { applyConfig, defaultConfig } from '../config/defaults.js';
import type { DeliveryEvent } from '../delivery/delivery-queue.js';
import { redactUrl } from '../delivery/redact-url.js';
import type { HookCallRecord } from '../generated/contracts.js';
import { createLogger, type Logger } from '../logging.js';
import type { MockServer } from '../server.js';
import { listen } from '../server.js';
import { maskSecret } from '../signing/hmac.js';
import type { CliIo, Command } from './io.js';
import { parseServeOptions, readConfigFile, SERVE_HELP } from './serve-options.js';
import { bindFailure } from './usage-error.js';

/** `os1-mock serve`: runs until a stop is requested, then reports what was still pending. */
export const serveCommand: Command = async (argv, io) => {
  const server = await serve(argv, io);
  if (!server) return 0;
  const signal = await io.stopRequested();
  const pending = await server.stop();
  io.out(
    `os1-mock stopped (${signal}); ${pending} callback${pending === 1 ? ' was' : 's were'} still pending and will not be sent.`,
  );
  return 0;
};

/** Starts the server from flags; resolves once it is listening (null after --help). */
export async function serve(argv: readonly string[], io: CliIo): Promise<MockServer | null> {
  const options = parseServeOptions(argv, io.env);
  if (options.help) {
    io.out(SERVE_HELP);
    return null;
  }
  const file = readConfigFile(options.configFile);
  // parseServeOptions has checked the flags.
  const config = applyConfig(applyConfig(defaultConfig(), file), options.overrides);
  const logger = await createLogger(
    config.logLevel,
    options.logFormat === null ? undefined : options.logFormat === 'pretty',
  );
  const server = await listenOrExplain(config, logger);
  // Their lines are info or warn: below warn (--log-level error, silent...) nothing is followed.
  if (logger.isLevelEnabled('warn')) {
    server.core.deliveries.subscribe((event) => logDelivery(logger, event));
    server.core.hookCalls.subscribe((record) => logHookCall(logger, record));
    server.core.store.capacity.onEvictionStart((maxObjects) => logStoreFull(logger, maxObjects));
    server.core.backlog.onFull((pending, maxPending) =>
      logBacklogFull(logger, pending, maxPending),
    );
  }
  io.out(`os1-mock ready at ${server.url}`);
  io.out(
    `  signing: ${config.callbacks.scheme} with secret ${maskSecret(config.secret)}${config.secret === defaultConfig().secret ? ' (the public default: pass --secret)' : ''}`,
  );
  io.out(`  clock: ${config.clock}; admin API: ${server.url}/__admin/health; stop with Ctrl-C`);
  return server;
}

async function listenOrExplain(
  config: Parameters<typeof listen>[0],
  logger: Logger,
): Promise<MockServer> {
  try {
    return await listen(config, logger);
  } catch (error) {
    throw bindFailure(error, config.port, config.host);
  }
}

/**
 * One log line per attempt outcome, and one for a callback a `drop` rule kept from being sent (it
 * is final at once, with no attempt); secrets are never in the event.
 */
function logDelivery(logger: Logger, event: DeliveryEvent): void {
  if (event.type === 'final') {
    const { record } = event;
    if (record.state !== 'dropped') return;
    const url = redactUrl(record.url);
    const rule = record.faults?.find((fault) => fault.action === 'drop')?.rule ?? null;
    const fields = {
      delivery: record.id,
      eventId: record.eventId,
      eventType: record.eventType,
      url,
      state: record.state,
      rule,
    };
    const by = rule === null ? 'failure simulation' : `scenario rule "${rule}"`;
    logger.warn(fields, `callback ${record.eventType} → ${url}: not sent, dropped by ${by}`);
    return;
  }
  const { record, attempt } = event;
  if (record.state === 'delivered' && !logger.isLevelEnabled('info')) return;
  const url = redactUrl(record.url);
  const fields = {
    delivery: record.id,
    eventId: record.eventId,
    eventType: record.eventType,
    url,
    attempt: attempt.number,
    status: attempt.statusCode,
    latencyMs: attempt.latencyMs,
  };
  const outcome =
    record.state === 'delivered'
      ? 'delivered'
      : record.state === 'dead'
        ? `dead: ${record.deadReason}`
        : `will retry at ${new Date(record.dueAt).toISOString()}`;
  const answer = attempt.statusCode === null ? attempt.error : `HTTP ${attempt.statusCode}`;
  const message = `callback ${record.eventType} → ${url}: ${answer}, attempt ${attempt.number}, ${outcome}`;
  if (record.state === 'delivered') logger.info(fields, message);
  else logger.warn(fields, message);
}

/** Once, when the store first forgets an object to stay within store.maxObjects (again after a reset). */
function logStoreFull(logger: Logger, maxObjects: number): void {
  logger.warn(
    { maxObjects },
    `store full: ${maxObjects} objects are kept, so each new one now forgets the oldest (GET on it answers 404; GET /__admin/health counts them). Pass --max-objects <n> (config store.maxObjects; 0 for no limit) if a test needs more.`,
  );
}

/** Once when requests start being refused for a full callback backlog (again after it recovered). */
function logBacklogFull(logger: Logger, pending: number, maxPending: number): void {
  logger.warn(
    { pendingCallbacks: pending, maxPending },
    `callback backlog full: ${pending} callbacks are waiting to be delivered, so new requests with a callback are answered 503 CALLBACK_BACKLOG_FULL (Retry-After: 1) until some are delivered; requests without one are still accepted. Slow the load down, make the receiver answer faster, or pass --max-pending <n> (config callbacks.maxPending; 0 for no limit).`,
  );
}

const HOOK_EFFECTS = {
  rewrote: 'payload rewritten',
  rejected: 'request refused at once',
  'failed-async': 'request failed on its callback',
} as const;

/** One log line per finished hook call; the record's headers already mask the access token. */
function logHookCall(logger: Logger, record: HookCallRecord): void {
  const passed = record.outcome === 'passed' && record.error === null;
  if (passed && !logger.isLevelEnabled('info')) return;
  const url = redactUrl(record.url);
  const fields = {
    hookCall: record.id,
    kind: record.kind,
    methodName: record.methodName,
    url,
    status: record.statusCode,
    latencyMs: record.latencyMs,
    outcome: record.outcome,
    effect: record.effect,
  };
  const answer = record.statusCode === null ? record.error : `HTTP ${record.statusCode}`;
  const effect = record.effect === 'none' ? '' : `, ${HOOK_EFFECTS[record.effect]}`;
  const message = `hook ${record.methodName} → ${url}: ${answer}, ${record.outcome}${effect}`;
  if (passed) logger.info(fields, message);
  else logger.warn(fields, message);
}
