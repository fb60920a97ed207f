import { os1Error } from '../errors.js';

/**
 * Where this mock answers: the port and host names a request reached it on. A callback or hook URL
 * pointing there under /__admin would make the mock call its own admin API (and /__admin/reset
 * would wipe every tenant).
 */
export interface OwnAddress {
  port: number;
  /** Host names that reach this mock, lower case, IPv6 without brackets. */
  hosts: readonly string[];
}

/** An authority (`//` and a host) right after the scheme; WHATWG URL reads `http:///p` as host "p". */
const HAS_HOST = /^[a-z][a-z0-9+.-]*:[/\\]{2}[^/\\?#]/i;
/** Cheap pre-checks, so the usual URL is never parsed here: a `:0` port, an admin path. */
const MAYBE_PORT_ZERO = /:0/;
const MAYBE_ADMIN = /__admin|%5f/i;

/**
 * Refuses a callback or hook URL the mock could never deliver to (no host, port 0) or that points at
 * its own admin API. `field` names it in the error (callback, callback.url, onRequest.url);
 * `ownAddress` is asked only when the URL has an admin-like path. The URL has passed the schema's
 * callback-url format (an absolute http(s) URL).
 */
export function assertDeliverableUrl(
  url: string,
  field: string,
  ownAddress: () => OwnAddress | null,
): void {
  const refuse = (rule: string, message: string): never => {
    throw os1Error('VALIDATION_FAILED', `Invalid request body: ${field} ${message}.`, {
      field,
      rule,
    });
  };
  const text = url.trim();
  if (!HAS_HOST.test(text)) {
    refuse(
      'host',
      `"${url}" has no host: the scheme must be followed by // and a host name (write http://host/path, such as http://127.0.0.1:8080/callbacks)`,
    );
  }
  const maybePortZero = MAYBE_PORT_ZERO.test(text);
  const maybeAdmin = MAYBE_ADMIN.test(text);
  if (!maybePortZero && !maybeAdmin) return;
  const parsed = new URL(text);
  if (parsed.port === '0') {
    refuse(
      'port',
      `"${url}" has port 0, which nothing can be connected to (it only asks the system for a free port when listening); use the port your receiver listens on`,
    );
  }
  if (maybeAdmin && isAdminPath(parsed.pathname)) {
    const own = ownAddress();
    if (own && pointsAt(parsed, own)) {
      refuse(
        'self',
        `"${url}" points at this mock's own admin API (/__admin on port ${own.port}), which the mock would then call itself (/__admin/reset would wipe every tenant's data); point it at your receiver instead`,
      );
    }
  }
}

/** Whether a path is under /__admin, as the mock's router matches it (case-insensitive, decoded). */
function isAdminPath(pathname: string): boolean {
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // a malformed escape: the router would not decode it either
  }
  return /^\/__admin(\/|$)/i.test(decoded);
}

/** Names of this machine's loopback (and any) address, after hostName(). */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|0\.0\.0\.0|::)$/;

/** Whether a URL reaches this mock: its port, and a loopback name or a name the mock answers on. */
function pointsAt(url: URL, own: OwnAddress): boolean {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port !== own.port) return false;
  const host = hostName(url.hostname);
  return LOOPBACK.test(host) || own.hosts.some((name) => hostName(name) === host);
}

/** Lower case, IPv6 without brackets, an IPv4-mapped IPv6 address as IPv4. */
const hostName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
