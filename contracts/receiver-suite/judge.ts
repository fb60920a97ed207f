import type { CaseDefinition } from './catalogue.js';
import type { Answer, Exchange } from './sender.js';

/** What a case wants back. */
export type Expectation = 'acknowledged' | 'client-error' | 'unauthorized';

export interface CaseOutcome {
  status: 'passed' | 'failed';
  detail: string;
}

const EXPECTED_WORDS: Readonly<Record<Expectation, string>> = {
  acknowledged: 'answered 200 or 202',
  'client-error': 'answered 4xx',
  unauthorized: 'answered 401 or 403',
};

const EXAMPLES_SHOWN = 3;

export function meets(answer: Answer, expectation: Expectation): boolean {
  if (answer.kind !== 'answered') return false;
  switch (expectation) {
    case 'acknowledged':
      return answer.status === 200 || answer.status === 202;
    case 'client-error':
      return answer.status >= 400 && answer.status < 500;
    case 'unauthorized':
      return answer.status === 401 || answer.status === 403;
  }
}

/**
 * Passes when every exchange meets the expectation; otherwise says what was sent, what came back
 * (up to three examples) and the likely bug.
 */
export function verdict(
  definition: CaseDefinition,
  exchanges: readonly Exchange[],
  expectation: Expectation,
  shown: string,
): CaseOutcome {
  const failures = exchanges.filter((exchange) => !meets(exchange.answer, expectation));
  if (failures.length === 0) {
    return {
      status: 'passed',
      detail: `${shown}: all ${exchanges.length} ${EXPECTED_WORDS[expectation]} (slowest ${slowest(exchanges)} ms).`,
    };
  }
  const [first] = failures;
  const examples = failures
    .slice(0, EXAMPLES_SHOWN)
    .map((exchange) => `Sent ${describeSent(exchange)}; got ${describeAnswer(exchange.answer)}.`);
  const more =
    failures.length > EXAMPLES_SHOWN
      ? ` (and ${failures.length - EXAMPLES_SHOWN} more like it)`
      : '';
  return {
    status: 'failed',
    detail: [
      `${failures.length} of ${exchanges.length} requests were not ${EXPECTED_WORDS[expectation]}${more}.`,
      ...examples,
      `Likely bug: ${first ? likelyBug(definition, expectation, first.answer) : definition.likelyBug}`,
    ].join('\n'),
  };
}

export function describeSent(exchange: Exchange): string {
  return `${exchange.sent.label} (${exchange.bytes} bytes)`;
}

export function describeAnswer(answer: Answer): string {
  switch (answer.kind) {
    case 'answered': {
      const body = answer.body.replace(/\s+/g, ' ').trim();
      const shortBody = body.length > 120 ? `${body.slice(0, 120)}…` : body;
      return `HTTP ${answer.status}${shortBody ? ` ${JSON.stringify(shortBody)}` : ''} after ${answer.ms} ms`;
    }
    case 'timeout':
      return `no answer within the ${answer.budgetMs} ms budget`;
    case 'network-error':
      return `no answer: ${answer.message}`;
    case 'not-sent':
      return `nothing, it was not sent: ${answer.reason}`;
  }
}

const slowest = (exchanges: readonly Exchange[]): number =>
  Math.max(0, ...exchanges.map((exchange) => exchange.answer.ms));

/** The catalogue's likely bug, unless the answer itself points somewhere more precise. */
function likelyBug(definition: CaseDefinition, expectation: Expectation, answer: Answer): string {
  if (answer.kind === 'timeout' || answer.kind === 'not-sent') {
    return 'the receiver answered too late; acknowledge at once and process the callback afterwards (a queue, a background job).';
  }
  if (answer.kind === 'network-error') {
    return `the request did not get an answer (${answer.message}).`;
  }
  const { status } = answer;
  if (expectation === 'acknowledged') {
    if (status >= 200 && status < 300) {
      return `HTTP ${status} is not an acknowledgement: OS1 accepts only 200 and 202 and retries anything else. Answer 200 or 202.`;
    }
    if (status >= 300 && status < 400) {
      return 'callbacks do not follow redirects: point the callback URL at where the receiver really is.';
    }
    if (status === 413)
      return definition.id === 'ack.large-payload'
        ? definition.likelyBug
        : 'the receiver refuses bodies of this size; raise its body limit to a few MiB.';
    if (status >= 500) {
      return `the receiver failed (HTTP ${status}) on a valid callback: find the error in its log. ${definition.likelyBug}`;
    }
  }
  if (expectation !== 'acknowledged' && status >= 500) {
    return `the receiver failed (HTTP ${status}) instead of refusing the request with a 4xx; a 5xx makes OS1 retry it. ${definition.likelyBug}`;
  }
  return definition.likelyBug;
}
