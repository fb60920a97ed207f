import type { Clock } from '../clock.js';
import type { SchemeName, VerifyFailure } from '../signing/schemes.js';
import { SCHEMES } from '../signing/schemes.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { ResolvedSecrets, SigningSettings } from './signing-settings.js';

export interface ReceivedCallback {
  /** The raw body exactly as received. */
  body: string;
  headers: Readonly<Record<string, string>>;
  /** Whose secrets to check with; default X-COREOS-TID, else the body's tenantId. */
  tenantId?: string | undefined;
  /** Default: the tenant's scheme, else the server's. */
  scheme?: SchemeName | undefined;
}

export type CallbackVerdict = {
  scheme: SchemeName;
  tenantId: string | null;
  /** Whose secret was checked: the request's X-COREOS-CALLBACK-SECRET, the tenant's or the server's. */
  secretSource: ResolvedSecrets['source'];
} & ({ valid: true } | { valid: false; failure: VerifyFailure; reason: string });

export interface VerifyContext {
  signing: SigningSettings;
  deliveries: DeliveryQueue;
  clock: Clock;
}

/**
 * "A callback can be verified at OS1": checks a received callback against the secrets this mock
 * signs with. A callback whose request carried X-COREOS-CALLBACK-SECRET is checked with that
 * secret (found by its event id); otherwise the tenant's secrets (the previous one too while a
 * rotation's grace lasts), else the server's.
 */
export function verifyCallback(
  received: ReceivedCallback,
  context: VerifyContext,
): CallbackVerdict {
  const { signing, deliveries, clock } = context;
  const parsed = parseObject(received.body);
  const tenantId =
    received.tenantId ??
    headerValue(received.headers, 'x-coreos-tid') ??
    stringField(parsed, 'tenantId') ??
    null;
  const eventId = stringField(parsed, 'eventId') ?? headerValue(received.headers, 'webhook-id');
  const requestSecret = eventId === undefined ? null : deliveries.requestSecretFor(eventId);
  const resolved = signing.resolve(tenantId, requestSecret);
  const scheme = received.scheme ?? signing.schemeFor(tenantId);
  const result = SCHEMES[scheme].verify({
    body: received.body,
    headers: received.headers,
    secrets: resolved.secrets,
    nowMs: clock.now(),
  });
  const common = { scheme, tenantId, secretSource: resolved.source };
  if (result.valid) return { ...common, valid: true };
  return {
    ...common,
    valid: false,
    failure: result.failure,
    reason: `${result.reason} (checked ${describeSecrets(resolved, tenantId)} with the ${scheme} scheme)`,
  };
}

function describeSecrets(resolved: ResolvedSecrets, tenantId: string | null): string {
  switch (resolved.source) {
    case 'request':
      return "the X-COREOS-CALLBACK-SECRET of the callback's request";
    case 'tenant':
      return resolved.secrets.length > 1
        ? `tenant ${tenantId}'s secret and its previous one, still in its grace period`
        : `tenant ${tenantId}'s secret`;
    case 'server':
      return tenantId === null
        ? "the server's secret (no tenant given)"
        : `the server's secret (tenant ${tenantId} has no registered secret)`;
  }
}

function headerValue(headers: ReceivedCallback['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== '') return value;
  }
  return undefined;
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(
  object: Record<string, unknown> | undefined,
  name: string,
): string | undefined {
  const value = object?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
