/** One API request the mock received, as GET /__admin/requests shows it. Holds no secret. */
export interface LoggedRequest {
  /** 1 for the first request since start or reset. */
  seq: number;
  /** When it arrived, epoch ms on the mock's clock. */
  at: number;
  method: string;
  path: string;
  /** The query string without `?` (cut at 1 KiB). */
  query: string;
  /** X-COREOS-TID, or null when absent. */
  tenantId: string | null;
  /** X-COREOS-REQUEST-ID, or null when absent. */
  requestId: string | null;
  status: number;
  /** The catalogue code of the error answered, if any. */
  errorCode: string | null;
  /** Wall-clock time the mock took to answer. */
  durationMs: number;
  /** The access token, masked: enough to tell two apart, never the token. */
  accessToken: string | null;
  /** Whether X-COREOS-CALLBACK-SECRET was sent (its value is never kept). */
  callbackSecretSent: boolean;
}

export interface RequestLogFilter {
  tenantId?: string | undefined;
  method?: string | undefined;
  status?: number | undefined;
}

export const DEFAULT_REQUEST_LOG_CAPACITY = 1000;

/** The last `capacity` requests, oldest first, in a ring buffer: memory stays bounded. */
export class RequestLog {
  readonly capacity: number;
  readonly #entries: Array<LoggedRequest | undefined>;
  #next = 0;
  #size = 0;
  #seq = 0;

  constructor(capacity = DEFAULT_REQUEST_LOG_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('RequestLog capacity must be a whole number >= 1');
    }
    this.capacity = capacity;
    this.#entries = new Array(capacity);
  }

  /** Requests logged since start or reset, including those the buffer has dropped. */
  get total(): number {
    return this.#seq;
  }

  record(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
    const logged = { seq: ++this.#seq, ...entry };
    this.#entries[this.#next] = logged;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
    return logged;
  }

  /** Kept requests that match, oldest first. */
  list(filter: RequestLogFilter = {}): LoggedRequest[] {
    const matches: LoggedRequest[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let i = 0; i < this.#size; i++) {
      const entry = this.#entries[(start + i) % this.capacity];
      if (entry && matchesFilter(entry, filter)) matches.push(entry);
    }
    return matches;
  }

  clear(): void {
    this.#entries.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    this.#seq = 0;
  }
}

function matchesFilter(entry: LoggedRequest, filter: RequestLogFilter): boolean {
  return (
    (filter.tenantId === undefined || entry.tenantId === filter.tenantId) &&
    (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
    (filter.status === undefined || entry.status === filter.status)
  );
}
