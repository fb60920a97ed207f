import type { Clock } from '../clock.js';
import { maskSecret } from '../signing/hmac.js';
import type { SchemeName } from '../signing/schemes.js';

interface TenantSigning {
  secret: string | null;
  previousSecret: string | null;
  previousValidUntil: number | null;
  scheme: SchemeName | null;
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
  #serverScheme: SchemeName;

  constructor(clock: Clock, serverSecret: string, serverScheme: SchemeName) {
    this.#clock = clock;
    this.#serverSecret = serverSecret;
    this.#serverScheme = serverScheme;
  }

  get serverScheme(): SchemeName {
    return this.#serverScheme;
  }

  /** Registers or rotates a tenant's secret; the old one stays valid for `graceMs`. */
  setTenantSecret(tenantId: string, secret: string, graceMs = 0): void {
    const current = this.#tenant(tenantId);
    const keepPrevious = graceMs > 0 && current.secret !== null && current.secret !== secret;
    this.#tenants.set(tenantId, {
      ...current,
      secret,
      previousSecret: keepPrevious ? current.secret : null,
      previousValidUntil: keepPrevious ? this.#clock.now() + graceMs : null,
    });
  }

  /** Forgets a tenant's secret: its callbacks fall back to the server's secret. */
  deleteTenantSecret(tenantId: string): boolean {
    const current = this.#tenants.get(tenantId);
    if (!current || current.secret === null) return false;
    this.#tenants.set(tenantId, {
      ...current,
      secret: null,
      previousSecret: null,
      previousValidUntil: null,
    });
    return true;
  }

  setTenantScheme(tenantId: string, scheme: SchemeName | null): void {
    this.#tenants.set(tenantId, { ...this.#tenant(tenantId), scheme });
  }

  schemeFor(tenantId: string): SchemeName {
    return this.#tenants.get(tenantId)?.scheme ?? this.#serverScheme;
  }

  /** Secrets to sign with, newest first. */
  signingSecrets(tenantId: string, requestSecret: string | null): string[] {
    if (requestSecret !== null) return [requestSecret];
    const tenant = this.#tenants.get(tenantId);
    if (!tenant || tenant.secret === null) return [this.#serverSecret];
    const previousValid =
      tenant.previousSecret !== null &&
      tenant.previousValidUntil !== null &&
      this.#clock.now() < tenant.previousValidUntil;
    return previousValid && tenant.previousSecret !== null
      ? [tenant.secret, tenant.previousSecret]
      : [tenant.secret];
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
