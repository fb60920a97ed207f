import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../mock-server/clock.js';
import { SigningSettings } from '../../mock-server/delivery/signing-settings.js';

const setup = () => {
  const clock = new VirtualClock(1_000);
  return { clock, signing: new SigningSettings(clock, 'server-secret', 'os1') };
};

describe('signing settings', () => {
  it("signs with the request's secret, else the tenant's, else the server's", () => {
    const { signing } = setup();
    signing.setTenantSecret('tenant-a', 'tenant-secret');
    expect(signing.resolve('tenant-a', 'request-secret')).toEqual({
      source: 'request',
      secrets: ['request-secret'],
    });
    expect(signing.resolve('tenant-a', null)).toEqual({
      source: 'tenant',
      secrets: ['tenant-secret'],
    });
    expect(signing.resolve('tenant-b', null)).toEqual({
      source: 'server',
      secrets: ['server-secret'],
    });
    expect(signing.resolve(null, null).source).toBe('server');
  });

  it('keeps the previous secret only until the grace period ends', () => {
    const { clock, signing } = setup();
    signing.setTenantSecret('tenant-a', 'one');
    signing.setTenantSecret('tenant-a', 'two', 500);
    expect(signing.signingSecrets('tenant-a', null)).toEqual(['two', 'one']);
    clock.moveTo(1_499);
    expect(signing.signingSecrets('tenant-a', null)).toEqual(['two', 'one']);
    clock.moveTo(1_500);
    expect(signing.signingSecrets('tenant-a', null)).toEqual(['two']);
    expect(signing.view('tenant-a')).toMatchObject({
      previousSecret: null,
      previousValidUntil: null,
    });
  });

  it('drops the previous secret on a rotation without grace, and keeps a grace period when the same secret is registered again', () => {
    const { signing } = setup();
    signing.setTenantSecret('tenant-a', 'one');
    signing.setTenantSecret('tenant-a', 'two', 500);
    signing.setTenantSecret('tenant-a', 'two');
    expect(signing.signingSecrets('tenant-a', null)).toEqual(['two', 'one']);
    signing.setTenantSecret('tenant-a', 'three');
    expect(signing.signingSecrets('tenant-a', null)).toEqual(['three']);
  });

  it("forgets a tenant's secret and scheme on delete", () => {
    const { signing } = setup();
    signing.setTenantSecret('tenant-a', 'one');
    signing.setTenantScheme('tenant-a', 'github');
    expect(signing.deleteTenantSecret('tenant-a')).toBe(true);
    expect(signing.deleteTenantSecret('tenant-a')).toBe(false);
    expect(signing.schemeFor('tenant-a')).toBe('os1');
    expect(signing.resolve('tenant-a', null).source).toBe('server');
  });

  it('masks every secret in its view', () => {
    const { signing } = setup();
    signing.setTenantSecret('tenant-a', 'first-secret-value');
    signing.setTenantSecret('tenant-a', 'second-secret-value', 60_000);
    const view = signing.view('tenant-a');
    expect(view).toEqual({
      tenantId: 'tenant-a',
      scheme: 'os1',
      secret: 'seco…**** (19 chars)',
      previousSecret: 'firs…**** (18 chars)',
      previousValidUntil: 61_000,
    });
  });
});
