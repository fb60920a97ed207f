import { maskUrlPassword } from '../../mock-server/delivery/redact-url.js';
import type { SchemeName } from '../../mock-server/signing/schemes.js';
import { isSchemeName, SCHEME_NAMES } from '../../mock-server/signing/schemes.js';
import { CASE_RUNS } from './cases.js';
import type { CaseDefinition, CaseId } from './catalogue.js';
import { CASE_IDS, CASES, isCaseId } from './catalogue.js';
import type { CaseResult, ReceiverContractReport } from './report.js';
import { summarise } from './report.js';
import type { Answer, Exchange } from './sender.js';
import { Sender } from './sender.js';

export interface ReceiverContractOptions {
  /** The receiver's callback URL (http or https). */
  url: string;
  /** The secret the receiver verifies with. */
  secret: string;
  /** Default os1. */
  scheme?: SchemeName;
  /** How long the receiver has to answer each request, ms. Default 10000. */
  timeoutMs?: number;
  /** Run only these case ids; the others are left out of the report. */
  only?: readonly string[];
  /** Requests in flight at once (the burst case sends 50 regardless). Default 8. */
  concurrency?: number;
  /** tenantId in the payloads and X-COREOS-TID. Default tenant-verify. */
  tenantId?: string;
}

/** Options the suite cannot run with; the message says what to fix. */
export class ReceiverContractOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiverContractOptionsError';
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CONCURRENCY = 8;
const MAX_TIMEOUT_MS = 600_000;

interface ResolvedOptions {
  url: URL;
  secret: string;
  scheme: SchemeName;
  timeoutMs: number;
  cases: readonly CaseDefinition[];
  concurrency: number;
  tenantId: string;
}

/** Cases that must run alone or last: the burst wants the receiver to itself, timing sees all. */
const RUN_LAST: readonly CaseId[] = ['ack.concurrent-burst', 'timing.within-budget'];

/**
 * Runs the receiver contract against `options.url` and reports each case. Never throws for what
 * the receiver does (that is a failed case); throws ReceiverContractOptionsError for bad options.
 */
export async function runReceiverContract(
  options: ReceiverContractOptions,
): Promise<ReceiverContractReport> {
  const resolved = checkReceiverContractOptions(options);
  const sender = new Sender(resolved.url, resolved);
  const outcomes = new Map<string, CaseResult>();
  const run = async (definition: CaseDefinition) => {
    const id = definition.id as CaseId;
    const outcome = await CASE_RUNS[id]({
      scheme: resolved.scheme,
      secret: resolved.secret,
      tenantId: resolved.tenantId,
      timeoutMs: resolved.timeoutMs,
      sender,
      definition,
      now: () => Date.now(),
    });
    outcomes.set(id, { ...header(definition), ...outcome });
  };
  try {
    const applicable = resolved.cases.filter((definition) => {
      if (appliesTo(definition, resolved.scheme)) return true;
      outcomes.set(definition.id, {
        ...header(definition),
        status: 'skipped',
        detail: `applies to --scheme ${definition.schemes?.join(', ')} only; this run uses ${resolved.scheme}.`,
      });
      return false;
    });
    const isLast = (definition: CaseDefinition) =>
      (RUN_LAST as readonly string[]).includes(definition.id);
    await Promise.all(applicable.filter((definition) => !isLast(definition)).map(run));
    for (const id of RUN_LAST) {
      const definition = applicable.find((candidate) => candidate.id === id);
      if (definition) await run(definition);
    }
  } finally {
    sender.close();
  }
  const results = resolved.cases.flatMap((definition) => {
    const result = outcomes.get(definition.id);
    return result ? [result] : [];
  });
  const unreachable = neverAnswered(resolved.url, sender.exchanges);
  if (unreachable === undefined) return summarise(results);
  return {
    unreachable,
    ...summarise(
      results.map((result) =>
        result.status === 'skipped'
          ? result
          : { ...result, status: 'failed', detail: `could not be judged: ${unreachable}` },
      ),
    ),
  };
}

/**
 * Why the receiver never answered, when no request of the run got an HTTP answer or ran out of
 * time (every one failed on the network): the run then says so once instead of blaming each case.
 */
function neverAnswered(url: URL, exchanges: readonly Exchange[]): string | undefined {
  let first: Extract<Answer, { kind: 'network-error' }> | undefined;
  for (const { answer } of exchanges) {
    if (answer.kind === 'answered' || answer.kind === 'timeout') return undefined;
    if (answer.kind === 'network-error') first ??= answer;
  }
  if (first === undefined) return undefined;
  const shown = maskUrlPassword(url);
  if (first.code === 'ECONNREFUSED') {
    return `nothing is listening at ${shown} (connection refused): start the receiver or check the URL.`;
  }
  return `no request to ${shown} got an answer: ${first.message}.`;
}

/** Checks and completes the options; throws ReceiverContractOptionsError saying what to fix. */
export function checkReceiverContractOptions(options: ReceiverContractOptions): ResolvedOptions {
  if (typeof options.url !== 'string' || options.url === '') {
    throw new ReceiverContractOptionsError(
      'the receiver URL is missing: give the full callback URL, e.g. http://127.0.0.1:3000/callbacks.',
    );
  }
  if (!URL.canParse(options.url)) {
    throw new ReceiverContractOptionsError(
      `"${maskUrlPassword(options.url)}" is not a URL: give the full callback URL, e.g. http://127.0.0.1:3000/callbacks.`,
    );
  }
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ReceiverContractOptionsError(
      `the receiver URL must start with http:// or https://, got "${maskUrlPassword(options.url)}".`,
    );
  }
  if (typeof options.secret !== 'string' || options.secret === '') {
    throw new ReceiverContractOptionsError(
      'the secret is missing: pass the secret your receiver verifies signatures with.',
    );
  }
  const scheme = options.scheme ?? 'os1';
  if (!isSchemeName(scheme)) {
    throw new ReceiverContractOptionsError(
      `unknown scheme "${String(scheme)}": use one of ${SCHEME_NAMES.join(', ')}.`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new ReceiverContractOptionsError(
      `the time budget must be a whole number of ms from 1 to ${MAX_TIMEOUT_MS}, got ${timeoutMs}.`,
    );
  }
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new ReceiverContractOptionsError(
      `concurrency must be a whole number from 1 to 256, got ${concurrency}.`,
    );
  }
  const only = options.only;
  if (only !== undefined) {
    const unknown = only.filter((id) => !isCaseId(id));
    if (unknown.length > 0) {
      throw new ReceiverContractOptionsError(
        `unknown case id${unknown.length === 1 ? '' : 's'} ${unknown.map((id) => `"${id}"`).join(', ')}; the cases are: ${CASE_IDS.join(', ')}.`,
      );
    }
    if (only.length === 0) {
      throw new ReceiverContractOptionsError(
        `no case selected: name at least one of ${CASE_IDS.join(', ')}.`,
      );
    }
  }
  return {
    url,
    secret: options.secret,
    scheme,
    timeoutMs,
    cases: only === undefined ? CASES : CASES.filter((definition) => only.includes(definition.id)),
    concurrency,
    tenantId: options.tenantId ?? 'tenant-verify',
  };
}

const appliesTo = (definition: CaseDefinition, scheme: SchemeName): boolean =>
  definition.schemes === undefined || definition.schemes.includes(scheme);

const header = (definition: CaseDefinition) => ({
  id: definition.id,
  title: definition.title,
  level: definition.level,
});
