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

/** Whether the request sent any control header; without one, readControlHeaders answers {}. */
export function hasControlHeaders(headers: RequestFacts['headers']): boolean {
  return CONTROL_HEADER_NAMES.some((name) => headers[name] !== undefined);
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
  if (Array.isArray(value)) throw invalid(name, 'must be sent once');
  return value.trim();
}

const invalid = (header: string, rule: string) =>
  os1Error(
    'INVALID_HEADER',
    `${header} ${rule}. It is a failure-simulation header of os1-mock (README: "Simulating failures"); leave it out for normal behaviour.`,
    { header },
  );
