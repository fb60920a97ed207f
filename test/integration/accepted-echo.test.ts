import { describe, expect, it } from 'vitest';
import { expectAccepted, TENANT_A, useMockFixture } from '../support/mock-fixture.js';
import { os1Headers } from '../support/os1-client.js';

const BAGS = '/core/api/v2/containers/bag';

/** JSON text with every non-ASCII character and every slash escaped, as some clients send it. */
const asciiEscaped = (text: string): string =>
  text
    .replaceAll('/', '\\/')
    .replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('the 202 answer', () => {
  const fixture = useMockFixture();

  it('echoes the body as the JSON that was sent, however the text was spaced, escaped or marked', async () => {
    const body = {
      trackingDetails: [{ operator: 'desk', trackingId: 'TRK-1', isPrimary: true }],
      attributes: { note: 'café 🚚 "quoted" \\ \u2028 \u0000', weightKg: 1.5, tags: [] },
      callback: { url: fixture.callback().callback.url, meta: { nested: { list: [1, null] } } },
    };
    const compact = JSON.stringify(body);
    const texts = [
      compact,
      JSON.stringify(body, null, 2),
      `\uFEFF${compact}`,
      ` \t${compact}\r\n`,
      asciiEscaped(compact),
    ];
    for (const rawBody of texts) {
      const answer = await fixture.request('POST', `${BAGS}?trace=1`, { rawBody });
      expectAccepted(answer, { uri: BAGS, method: 'POST', queryString: 'trace=1', body });
    }
  });

  it('answers a compact body with the same bytes as serialising the envelope', async () => {
    const body = { callback: { url: fixture.callback().callback.url, meta: 'm' } };
    const response = await fetch(`${fixture.mock.url}${BAGS}`, {
      method: 'POST',
      headers: os1Headers(TENANT_A),
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const id = (JSON.parse(text) as { data: { id: string } }).data.id;
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(text).toBe(
      JSON.stringify({
        data: { id },
        request: { uri: BAGS, method: 'POST', queryString: '', body },
      }),
    );
  });
});
