import type { Clock } from '../clock.js';
import { maskSecret } from '../signing/hmac.js';
import type { SchemeName } from '../signing/schemes.js';

interface TenantSigning {
  secret: string | null;
  previousSecret: string | null;
  previousValidUntil: number | null;
  scheme: SchemeName | null;
}

export interface ResolvedSecrets {
  source: 'request' | 'tenant' | 'server';
  /** Newest first; never empty. */
  secrets: string[];
}

export interface TenantSigningView {
  tenantId: string;
  scheme: SchemeName;
  secret: string | null;
  previousSecret: string | null;
  previousValidUntil: number | null;
}

/**
 * Which secret and scheme sign a callback. A request's X-COREOS-CALLBACK-SECRET wins; else the
 * tenant's registered secret (and, during a rotation's grace period, the previous one too); else the
 * server's. Views mask every secret.
 */
export class SigningSettings {
  readonly #clock: Clock;
  readonly #tenants = new Map<string, TenantSigning>();
  #serverSecret: string;
  /** [the server secret], made once: most callbacks are signed with it. */
  readonly #serverSecrets: readonly string[];
  #serverScheme: SchemeName;

  constructor(clock: Clock, serverSecret: string, serverScheme: SchemeName) {
    this.#clock = clock;
    this.#serverSecret = serverSecret;
    this.#serverSecrets = Object.freeze([serverSecret]);
    this.#serverScheme = serverScheme;
  }

  get serverScheme(): SchemeName {
    return this.#serverScheme;
  }

  /**
   * Registers or rotates a tenant's secret; the old one stays valid for `graceMs`. Registering the
   * secret already in use changes nothing (a grace period under way continues).
   */
  setTenantSecret(tenantId: string, secret: string, graceMs = 0): void {
    const current = this.#tenant(tenantId);
    if (current.secret === secret) return;
    const keepPrevious = graceMs > 0 && current.secret !== null;
    this.#tenants.set(tenantId, {
      ...current,
      secret,
      previousSecret: keepPrevious ? current.secret : null,
      previousValidUntil: keepPrevious ? this.#clock.now() + graceMs : null,
    });
  }

  /**
   * Forgets a tenant's secret and scheme: its callbacks fall back to the server's. Answers whether
   * there was a secret to forget.
   */
  deleteTenantSecret(tenantId: string): boolean {
    const had = (this.#tenants.get(tenantId)?.secret ?? null) !== null;
    this.#tenants.delete(tenantId);
    return had;
  }

  setTenantScheme(tenantId: string, scheme: SchemeName | null): void {
    this.#tenants.set(tenantId, { ...this.#tenant(tenantId), scheme });
  }

  schemeFor(tenantId: string | null): SchemeName {
    return (tenantId === null ? null : this.#tenants.get(tenantId)?.scheme) ?? this.#serverScheme;
  }

  /** Secrets to sign with, newest first. */
  signingSecrets(tenantId: string, requestSecret: string | null): readonly string[] {
    if (requestSecret === null && (this.#tenants.get(tenantId)?.secret ?? null) === null) {
      return this.#serverSecrets;
    }
    return this.resolve(tenantId, requestSecret).secrets;
  }

  /**
   * The secrets a callback is signed with (newest first) and where they come from: the request's,
   * else the tenant's (plus the previous one while its grace lasts), else the server's.
   */
  resolve(tenantId: string | null, requestSecret: string | null): ResolvedSecrets {
    if (requestSecret !== null) return { source: 'request', secrets: [requestSecret] };
    const tenant = tenantId === null ? undefined : this.#tenants.get(tenantId);
    if (!tenant || tenant.secret === null) {
      return { source: 'server', secrets: [this.#serverSecret] };
    }
    const previousValid =
      tenant.previousSecret !== null &&
      tenant.previousValidUntil !== null &&
      this.#clock.now() < tenant.previousValidUntil;
    return {
      source: 'tenant',
      secrets:
        previousValid && tenant.previousSecret !== null
          ? [tenant.secret, tenant.previousSecret]
          : [tenant.secret],
    };
  }

  view(tenantId: string): TenantSigningView {
    const tenant = this.#tenant(tenantId);
    const secrets = this.signingSecrets(tenantId, null);
    return {
      tenantId,
      scheme: this.schemeFor(tenantId),
      secret: tenant.secret === null ? null : maskSecret(tenant.secret),
      previousSecret: secrets[1] === undefined ? null : maskSecret(secrets[1]),
      previousValidUntil: secrets[1] === undefined ? null : tenant.previousValidUntil,
    };
  }

  reset(): void {
    this.#tenants.clear();
  }

  #tenant(tenantId: string): TenantSigning {
    return (
      this.#tenants.get(tenantId) ?? {
        secret: null,
        previousSecret: null,
        previousValidUntil: null,
        scheme: null,
      }
    );
  }
}
