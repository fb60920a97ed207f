import { describe, expect, it } from 'vitest';
import { expectError, headersWithout, useMockFixture } from '../support/mock-fixture.js';

describe('paths in another letter case', () => {
  const fixture = useMockFixture();
  const SHOUTED = '/CORE/API/V2/CONTAINERS/bag';

  it('checks the OS1 headers of an API path in capitals, as the routes answer it, instead of failing with a 500', async () => {
    const refused = await fixture.request('POST', SHOUTED, {
      body: fixture.callback(),
      headers: headersWithout('X-COREOS-ACCESS'),
    });
    expectError(refused, 'UNAUTHORIZED', 'X-COREOS-ACCESS', { header: 'X-COREOS-ACCESS' });

    const accepted = await fixture.request('POST', SHOUTED, { body: fixture.callback() });
    expect(accepted.status).toBe(202);
    await fixture.settle();
    const record = await fixture.callbackFor(accepted.body.data.id);
    expect(record.payload).toMatchObject({ status: 'success', containerType: 'bag' });
  });
});
