import http from 'node:http';
import https from 'node:https';
import { ConcurrencyLimit } from '../../mock-server/delivery/concurrency-limit.js';
import { describeNetworkError, readAnswerStart } from '../../mock-server/outbound-http.js';

/** One request the suite sends. */
export interface Outgoing {
  headers: Record<string, string>;
  body: string;
  /** What was sent, in words, for failure details. */
  label: string;
}

export type Answer =
  | { kind: 'answered'; status: number; body: string; ms: number }
  | { kind: 'timeout'; budgetMs: number; ms: number }
  | { kind: 'network-error'; message: string; code?: string; ms: number }
  | { kind: 'not-sent'; reason: string; ms: 0 };

export interface Exchange {
  caseId: string;
  sent: Outgoing;
  bytes: number;
  answer: Answer;
}

export interface SenderOptions {
  timeoutMs: number;
  /** Requests in flight at once outside bursts. */
  concurrency: number;
  tenantId: string;
}

const RESPONSE_BODY_LIMIT = 512;
/**
 * After this many requests ran out of time the receiver is taken to hang, and the rest are not
 * sent: a receiver that never answers fails in a few budgets, not one budget per request.
 */
const TIMEOUTS_BEFORE_GIVING_UP = 8;

/**
 * Posts the suite's requests over keep-alive connections, at most `concurrency` at a time (bursts
 * excepted), each with the time budget, and keeps every exchange for the timing case.
 */
export class Sender {
  readonly exchanges: Exchange[] = [];
  readonly #url: URL;
  readonly #options: SenderOptions;
  readonly #limit: ConcurrencyLimit;
  readonly #agent: http.Agent;
  readonly #burstAgent: http.Agent;
  #timeouts = 0;

  constructor(url: URL, options: SenderOptions) {
    this.#url = url;
    this.#options = options;
    this.#limit = new ConcurrencyLimit(options.concurrency);
    const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
    this.#burstAgent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  }

  /** Sends one request once a slot is free. */
  send(caseId: string, outgoing: Outgoing): Promise<Exchange> {
    return this.#limit.run(() => this.#post(caseId, outgoing, this.#agent));
  }

  /** Sends every request at the same moment, each on its own connection. */
  burst(caseId: string, outgoings: readonly Outgoing[]): Promise<Exchange[]> {
    return Promise.all(outgoings.map((outgoing) => this.#post(caseId, outgoing, this.#burstAgent)));
  }

  close(): void {
    this.#agent.destroy();
    this.#burstAgent.destroy();
  }

  #post(caseId: string, outgoing: Outgoing, agent: http.Agent): Promise<Exchange> {
    const body = Buffer.from(outgoing.body, 'utf8');
    if (this.#timeouts >= TIMEOUTS_BEFORE_GIVING_UP) {
      return Promise.resolve(
        this.#record({
          caseId,
          sent: outgoing,
          bytes: body.length,
          answer: {
            kind: 'not-sent',
            reason: `${this.#timeouts} earlier requests got no answer within ${this.#options.timeoutMs} ms, so the receiver looks stuck`,
            ms: 0,
          },
        }),
      );
    }
    const client = this.#url.protocol === 'https:' ? https : http;
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<Answer>((resolve) => {
      const request = client.request(this.#url, {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'os1-mock-verify',
          'x-coreos-tid': this.#options.tenantId,
          ...outgoing.headers,
          'content-length': String(body.length),
        },
      });
      let settled = false;
      const settle = (answer: Answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => {
        this.#timeouts++;
        settle({ kind: 'timeout', budgetMs: this.#options.timeoutMs, ms: elapsed() });
        request.destroy();
      }, this.#options.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) =>
        settle({
          kind: 'network-error',
          message: describeNetworkError(error, 'receiver URL', 'receiver'),
          ...(error.code === undefined ? {} : { code: error.code }),
          ms: elapsed(),
        }),
      );
      request.on('response', (response) =>
        readAnswerStart(response, RESPONSE_BODY_LIMIT, (text) =>
          settle({ kind: 'answered', status: response.statusCode ?? 0, body: text, ms: elapsed() }),
        ),
      );
      request.end(body);
    }).then((answer) => this.#record({ caseId, sent: outgoing, bytes: body.length, answer }));
  }

  #record(exchange: Exchange): Exchange {
    this.exchanges.push(exchange);
    return exchange;
  }
}
