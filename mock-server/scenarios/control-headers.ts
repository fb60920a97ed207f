import { os1Error } from '../errors.js';
import type { FailSyncAction } from '../generated/contracts.js';
import type { RequestFacts } from './request-facts.js';

export type SimulatedStatus = FailSyncAction['status'];

/** X-OS1-Mock-* headers: one request asks for its own failure. */
export interface ControlHeaders {
  /** X-OS1-Mock-Outcome: success forbids injected failure; failed injects one. */
  outcome?: 'success' | 'failed';
  /** X-OS1-Mock-Reason: the reason of that failure. */
  reason?: string;
  /** X-OS1-Mock-Delay-Ms: processing time, instead of callbacks.delay. */
  delayMs?: number;
  /** X-OS1-Mock-Status: fail at once with this status. */
  status?: SimulatedStatus;
}

export const SIMULATED_STATUSES: readonly SimulatedStatus[] = [400, 401, 404, 409, 429, 503];
const MAX_DELAY_MS = 86_400_000;

/** The control headers' names as Node gives them (lower case): the only ones read below. */
const CONTROL_HEADER_NAMES = [
  'x-os1-mock-outcome',
  'x-os1-mock-reason',
  'x-os1-mock-delay-ms',
  'x-os1-mock-status',
] as const;

/** How messages name the control headers, in the order of CONTROL_HEADER_NAMES. */
const SHOWN_NAMES = [
  'X-OS1-Mock-Outcome',
  'X-OS1-Mock-Reason',
  'X-OS1-Mock-Delay-Ms',
  'X-OS1-Mock-Status',
] as const;

/** Where control headers are read: the OS1 API's asynchronous (202) requests. */
export const CONTROL_HEADERS_APPLY_TO =
  'asynchronous (202) requests: POST and PUT under /core/api/v2/';

/** The lower-case prefix of every control header; '1' is its fifth character, rare in a name. */
const PREFIX = 'x-os1-mock-';
const DIGIT_ONE = 0x31;

/**
 * Checks the names of the X-OS1-Mock-* headers a request sent, in one pass over its raw headers
 * that looks at one character of each other header: 400 INVALID_HEADER for a name that is not a
 * control header (a misspelling would otherwise be ignored, silently) and for a control header
 * sent more than once (Node would join the repeats as "a, b"). Answers whether any was sent.
 */
export function checkControlHeaderNames(rawHeaders: readonly string[]): boolean {
  let seen = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    if (name.charCodeAt(4) !== DIGIT_ONE || name.length <= PREFIX.length) continue;
    const lowerCase = name.toLowerCase();
    if (!lowerCase.startsWith(PREFIX)) continue;
    const known = (CONTROL_HEADER_NAMES as readonly string[]).indexOf(lowerCase);
    if (known === -1) {
      throw os1Error(
        'INVALID_HEADER',
        `${name} is not a header of os1-mock; its failure-simulation headers are ${SHOWN_NAMES.join(', ')} (README: "Simulating failures"). Check the spelling, or leave it out.`,
        { header: name, reason: 'unknown', known: SHOWN_NAMES },
      );
    }
    const bit = 1 << known;
    if (seen & bit)
      throw invalid(SHOWN_NAMES[known] as string, 'was sent more than once', 'repeated');
    seen |= bit;
  }
  return seen !== 0;
}

/** A control header sent where the mock does not read them: a 400 rather than being ignored. */
export function controlHeadersNotApplicable(method: string, path: string) {
  return os1Error(
    'INVALID_HEADER',
    `X-OS1-Mock-* headers apply only to ${CONTROL_HEADERS_APPLY_TO}; ${method} ${path.slice(0, 200)} is answered at once and cannot simulate a failure. Leave them out of this request (README: "Simulating failures").`,
    { header: 'X-OS1-Mock-*', reason: 'not-applicable' },
  );
}

/** Reads the control headers; a value the mock cannot use is a 400 naming the header. */
export function readControlHeaders(headers: RequestFacts['headers']): ControlHeaders {
  const controls: ControlHeaders = {};
  const outcome = single(headers, 'X-OS1-Mock-Outcome');
  if (outcome !== undefined) {
    if (outcome !== 'success' && outcome !== 'failed') {
      throw invalid('X-OS1-Mock-Outcome', 'must be success or failed');
    }
    controls.outcome = outcome;
  }
  const reason = single(headers, 'X-OS1-Mock-Reason');
  if (reason !== undefined) {
    if (controls.outcome !== 'failed') {
      throw invalid('X-OS1-Mock-Reason', 'only goes with X-OS1-Mock-Outcome: failed');
    }
    if (reason.trim() === '' || reason.length > 1000) {
      throw invalid('X-OS1-Mock-Reason', 'must be 1 to 1000 characters');
    }
    controls.reason = reason;
  }
  const delay = single(headers, 'X-OS1-Mock-Delay-Ms');
  if (delay !== undefined) {
    if (!/^\d{1,8}$/.test(delay) || Number(delay) > MAX_DELAY_MS) {
      throw invalid(
        'X-OS1-Mock-Delay-Ms',
        `must be a whole number of ms from 0 to ${MAX_DELAY_MS}`,
      );
    }
    controls.delayMs = Number(delay);
  }
  const status = single(headers, 'X-OS1-Mock-Status');
  if (status !== undefined) {
    const code = SIMULATED_STATUSES.find((candidate) => String(candidate) === status);
    if (code === undefined) {
      throw invalid('X-OS1-Mock-Status', `must be one of ${SIMULATED_STATUSES.join(', ')}`);
    }
    controls.status = code;
  }
  return controls;
}

function single(headers: RequestFacts['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw invalid(name, 'was sent more than once', 'repeated');
  return value.trim();
}

const invalid = (header: string, rule: string, reason?: 'repeated') =>
  os1Error(
    'INVALID_HEADER',
    `${header} ${rule}. It is a failure-simulation header of os1-mock (README: "Simulating failures"); leave it out for normal behaviour.`,
    reason === undefined ? { header } : { header, reason },
  );
