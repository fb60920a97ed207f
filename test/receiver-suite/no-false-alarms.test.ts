import { describe, expect, it } from 'vitest';
import { CASES } from '../../contracts/receiver-suite/catalogue.js';
import { runReceiverContract } from '../../contracts/receiver-suite/run-receiver-contract.js';
import { SCHEME_NAMES } from '../../mock-server/signing/schemes.js';
import { startReferenceReceiver } from './support/reference-receiver.js';

describe('a correct receiver', () => {
  for (const scheme of SCHEME_NAMES) {
    it(`passes every case that applies to ${scheme} and skips only the ones that do not`, async () => {
      const secret =
        scheme === 'standard-webhooks' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : 'shh-correct';
      const receiver = await startReferenceReceiver(scheme, secret);
      try {
        const report = await runReceiverContract({ url: receiver.url, secret, scheme });
        const notPassed = report.cases.filter((result) => result.status !== 'passed');
        const expectedSkips = CASES.filter(
          (definition) =>
            'schemes' in definition && !(definition.schemes as readonly string[]).includes(scheme),
        ).map((definition) => definition.id);
        expect(notPassed.filter((result) => result.status === 'failed')).toEqual([]);
        expect(notPassed.map((result) => result.id)).toEqual(expectedSkips);
        expect(report.cases.map((result) => result.id)).toEqual(CASES.map((c) => c.id));
        expect(report).toMatchObject({
          passed: CASES.length - expectedSkips.length,
          failed: 0,
          skipped: expectedSkips.length,
        });
      } finally {
        await receiver.close();
      }
    });
  }
});
