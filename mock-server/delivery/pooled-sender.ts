import type { Dispatcher } from 'undici';
import { describeNetworkError } from '../outbound-http.js';
import type { OutgoingCallback, TransportResponse } from './transport.js';
import { ANSWER_BYTES_KEPT, TransportError } from './transport.js';

/** Distinct callback URLs whose parsed form is kept; past this the cache starts over. */
const TARGET_CACHE_SIZE = 1_000;

/** Where a callback URL sends to, parsed once per URL. */
interface Target {
  origin: string;
  path: string;
  /** Basic credentials from the URL's user info, as node:http would send them. */
  authorization: string | undefined;
}

/**
 * Sends callbacks through undici's pooled dispatcher: keep-alive connections, at most
 * `connections` to each origin, HTTP/1.1 without pipelining. It costs less CPU per callback than
 * node:http's client (docs/decisions/0009). undici is loaded when the first callback is scheduled
 * (`prepare`) or sent, so a mock that schedules no callback never pays for loading it.
 */
export function createPooledSender(connections: number) {
  let dispatcher: Dispatcher | undefined;
  let loading: Promise<Dispatcher> | undefined;
  let closed = false;
  const targets = new Map<string, Target>();

  const load = (): Promise<Dispatcher> => {
    loading ??= import('undici').then(({ Agent }) => {
      if (closed) throw new TransportError('network-error', 'the mock stopped before sending');
      // Our own timer bounds each attempt (see AnswerReader); undici's would double it.
      dispatcher = new Agent({ connections, headersTimeout: 0, bodyTimeout: 0 });
      return dispatcher;
    });
    return loading;
  };

  const targetFor = (href: string): Target => {
    let target = targets.get(href);
    if (!target) {
      if (targets.size >= TARGET_CACHE_SIZE) targets.clear();
      target = parseTarget(href);
      targets.set(href, target);
    }
    return target;
  };

  const dispatch = (to: Dispatcher, callback: OutgoingCallback): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const { origin, path, authorization } = targetFor(callback.url);
      const headers = authorization ? { authorization, ...callback.headers } : callback.headers;
      to.dispatch(
        { origin, path, method: 'POST', headers, body: callback.body },
        new AnswerReader(resolve, reject, callback.timeoutMs),
      );
    });

  return {
    send: (callback: OutgoingCallback): Promise<TransportResponse> =>
      dispatcher ? dispatch(dispatcher, callback) : load().then((to) => dispatch(to, callback)),
    /** Loads undici now, so the first callback does not wait for it; resolves once it is ready. */
    prepare(): Promise<void> {
      return load().then(
        () => {},
        () => {}, // closed meanwhile: nothing to send, nothing to report
      );
    },
    close(): void {
      closed = true;
      dispatcher?.destroy().catch(() => {});
    },
  };
}

function parseTarget(href: string): Target {
  const url = new URL(href);
  const credentials =
    url.username || url.password
      ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
      : '';
  return {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    authorization: credentials
      ? `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`
      : undefined,
  };
}

/**
 * Reads one answer: its status, its first Retry-After, and the start of its body. Settles once,
 * with a TransportError for a network failure or for no answer within `timeoutMs`.
 */
class AnswerReader implements Dispatcher.DispatchHandler {
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: TransportError) => void;
  readonly #timer: NodeJS.Timeout;
  #controller: Dispatcher.DispatchController | undefined;
  #timeout: TransportError | undefined;
  #statusCode = 0;
  #retryAfter: string | undefined;
  #chunks: Buffer[] = [];
  #kept = 0;

  constructor(
    resolve: (response: TransportResponse) => void,
    reject: (error: TransportError) => void,
    timeoutMs: number,
  ) {
    this.#resolve = resolve;
    this.#reject = reject;
    this.#timer = setTimeout(() => {
      this.#timeout = new TransportError('timeout', `no answer within ${timeoutMs} ms`);
      this.#reject(this.#timeout);
      this.#controller?.abort(this.#timeout);
    }, timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Timed out while waiting for a connection: do not send it late.
    if (this.#timeout) controller.abort(this.#timeout);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.#statusCode = statusCode;
    const retryAfter = headers['retry-after'];
    this.#retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#kept >= ANSWER_BYTES_KEPT) return;
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
  }

  onResponseEnd(): void {
    clearTimeout(this.#timer);
    const chunks = this.#chunks;
    this.#resolve({
      statusCode: this.#statusCode,
      headers: { 'retry-after': this.#retryAfter },
      body:
        chunks.length === 0
          ? ''
          : Buffer.concat(chunks).toString('utf8').slice(0, ANSWER_BYTES_KEPT),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    clearTimeout(this.#timer);
    this.#reject(
      error instanceof TransportError
        ? error
        : new TransportError(
            'network-error',
            describeNetworkError(error, 'callback URL', 'receiver'),
          ),
    );
  }
}
