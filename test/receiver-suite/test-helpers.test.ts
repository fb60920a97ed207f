import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from '../../contracts/receiver-suite/catalogue.js';
import type { TestRunnerApi } from '../../mock-server/index.js';
import {
  describeReceiverContract,
  expectReceiverToPassContract,
  ReceiverContractError,
} from '../../mock-server/index.js';
import type { ReferenceReceiver } from './support/reference-receiver.js';
import { startReferenceReceiver } from './support/reference-receiver.js';

const SECRET = 'helper-secret';

describe('expectReceiverToPassContract', () => {
  let good: ReferenceReceiver;
  let answers201: ReferenceReceiver;
  let notIdempotent: ReferenceReceiver;

  beforeAll(async () => {
    good = await startReferenceReceiver('os1', SECRET);
    answers201 = await startReferenceReceiver('os1', SECRET, { ackStatus: 201 });
    notIdempotent = await startReferenceReceiver('os1', SECRET, { duplicateStatus: 409 });
  });

  afterAll(async () => {
    await Promise.all([good.close(), answers201.close(), notIdempotent.close()]);
  });

  it('resolves with the report for a receiver that meets the contract', async () => {
    const report = await expectReceiverToPassContract(good.url, { secret: SECRET });
    expect(report.failed).toBe(0);
  });

  it('rejects with every failed MUST case and its detail in the message', async () => {
    const error = await expectReceiverToPassContract(answers201.url, { secret: SECRET }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ReceiverContractError);
    expect((error as ReceiverContractError).message).toMatch(
      /MUST ack\.every-event: every service[^\n]*\n\d+ of 36 requests were not answered 200 or 202/,
    );
    expect((error as ReceiverContractError).report.failed).toBeGreaterThan(0);
  });

  it('lets SHOULD failures pass unless strict', async () => {
    await expect(
      expectReceiverToPassContract(notIdempotent.url, {
        secret: SECRET,
        only: ['ack.duplicate-event-id'],
      }),
    ).resolves.toMatchObject({ failed: 1 });
    await expect(
      expectReceiverToPassContract(notIdempotent.url, {
        secret: SECRET,
        only: ['ack.duplicate-event-id'],
        strict: true,
      }),
    ).rejects.toThrow(/SHOULD ack\.duplicate-event-id/);
  });
});

describe('describeReceiverContract', () => {
  /** A runner that records what is registered, so the registered tests can be run by hand. */
  function recordingRunner() {
    const hooks: (() => Promise<void>)[] = [];
    const tests = new Map<string, (context: { skip: (note?: string) => void }) => void>();
    const api: TestRunnerApi = {
      describe: (_name, body) => body(),
      beforeAll: (hook) => hooks.push(hook),
      it: (name, test) => tests.set(name, test),
    };
    const outcome = (name: string): string => {
      const test = tests.get(name);
      if (!test) throw new Error(`no test named ${name}`);
      let skipped: string | null = null;
      try {
        test({ skip: (note) => (skipped = note ?? '') });
      } catch (error) {
        return `failed: ${(error as Error).message.split('\n')[0]}`;
      }
      return skipped === null ? 'passed' : `skipped: ${skipped}`;
    };
    return { api, hooks, tests, outcome };
  }

  it('registers one test per case, named by level and id', () => {
    const runner = recordingRunner();
    describeReceiverContract(runner.api, () => ({ url: 'http://127.0.0.1:1/', secret: SECRET }));
    expect([...runner.tests.keys()]).toEqual(
      CASES.map(
        (definition) => `${definition.level.toUpperCase()} ${definition.id}: ${definition.title}`,
      ),
    );
  });

  it('fails a MUST test, skips a failed SHOULD test with the reason, and skips cases left out', async () => {
    const receiver = await startReferenceReceiver('os1', SECRET, {
      ackStatus: 201,
      duplicateStatus: 409,
    });
    try {
      const runner = recordingRunner();
      describeReceiverContract(runner.api, () => ({
        url: receiver.url,
        secret: SECRET,
        only: ['ack.every-event', 'ack.duplicate-event-id', 'reject.wrong-secret'],
      }));
      for (const hook of runner.hooks) await hook();
      const name = (id: string) => {
        const definition = CASES.find((candidate) => candidate.id === id);
        return `${definition?.level.toUpperCase()} ${id}: ${definition?.title}`;
      };
      expect(runner.outcome(name('ack.every-event'))).toBe(
        'failed: every service, event type and status is acknowledged with 200 or 202',
      );
      expect(runner.outcome(name('reject.wrong-secret'))).toBe('passed');
      expect(runner.outcome(name('ack.duplicate-event-id'))).toMatch(/^skipped: SHOULD failed: /);
      expect(runner.outcome(name('json.malformed'))).toBe('skipped: not selected by options.only');
    } finally {
      await receiver.close();
    }
  });
});
