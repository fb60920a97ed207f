import { describe, expect, it } from 'vitest';
import { findProblem, isCallbackUrl } from '../../mock-server/validation/validator.js';

describe('findProblem', () => {
  it('accepts a container create with an object callback', () => {
    expect(
      findProblem('container-create.json', {
        callback: { url: 'http://127.0.0.1:9/cb', meta: { a: 1 } },
      }),
    ).toBeNull();
  });

  it('accepts a bare URL string as callback', () => {
    expect(
      findProblem('container-create.json', { callback: 'https://example.test/cb' }),
    ).toBeNull();
  });

  it('names the nested field of a bad callback URL', () => {
    expect(findProblem('container-create.json', { callback: { url: 'ftp://x/y' } })).toEqual({
      field: 'callback.url',
      message: 'must be an absolute http:// or https:// URL',
      rule: 'format',
    });
  });

  it('names a missing required field', () => {
    expect(findProblem('participant-create.json', { owner: 'o', properties: {} })?.field).toBe(
      'uniqueCode',
    );
  });

  it('names array positions with brackets', () => {
    expect(
      findProblem('container-create.json', { trackingDetails: [{ operator: 'x', trackingId: 5 }] })
        ?.field,
    ).toBe('trackingDetails[0].trackingId');
  });

  it('rejects a body that is not an object', () => {
    expect(findProblem('container-create.json', [1, 2])).toMatchObject({
      field: 'body',
      rule: 'type',
    });
  });
});

describe('isCallbackUrl', () => {
  const verdicts = (urls: string[]) => urls.map((url) => isCallbackUrl(url));
  const samples = [
    'https://example.test/cb',
    'http://127.0.0.1:9/cb?x=1',
    'ftp://example.test/cb',
    'http://',
    'not a url',
    'mailto:someone@example.test',
  ];

  it('accepts absolute http(s) URLs with a host, and answers the same when asked again, also after 1,500 other URLs', () => {
    expect(verdicts(samples)).toEqual([true, true, false, false, false, false]);
    expect(verdicts(samples)).toEqual([true, true, false, false, false, false]);
    for (let i = 0; i < 1500; i++) isCallbackUrl(i % 2 ? `https://h${i}.test/` : `bad ${i}`);
    expect(verdicts(samples)).toEqual([true, true, false, false, false, false]);
  });
});
