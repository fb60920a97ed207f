import http from 'node:http';
import https from 'node:https';

/** Keep-alive agents for http: and https:, shared by every outgoing call of one kind. */
export interface KeepAliveAgents {
  /** The agent and client module for a URL's protocol (anything but https: is http:). */
  for(url: URL): { agent: http.Agent; client: typeof http | typeof https };
  destroy(): void;
}

export function createKeepAliveAgents(maxSockets: number): KeepAliveAgents {
  const plain = new http.Agent({ keepAlive: true, maxSockets });
  const secure = new https.Agent({ keepAlive: true, maxSockets });
  return {
    for: (url) =>
      url.protocol === 'https:' ? { agent: secure, client: https } : { agent: plain, client: http },
    destroy() {
      plain.destroy();
      secure.destroy();
    },
  };
}

/**
 * A network failure in words a user can act on. `target` names what was called and `peer` who
 * answers there: ('callback URL', 'receiver') or ('hook URL', 'hook').
 */
export function describeNetworkError(
  error: Error & { code?: string | undefined },
  target: string,
  peer: string,
): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused: nothing listens at the ${target} (is the ${peer} running?)`;
    case 'ENOTFOUND':
      return `the ${target}'s host name does not resolve`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET': // undici: the other side closed
      return `the ${peer} closed the connection before answering`;
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to the ${target} timed out (is its host reachable?)`;
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return 'the mock stopped before the answer came';
    default:
      if (error.code?.startsWith('HPE_')) {
        return `the ${peer}'s answer is not valid HTTP/1.1 (${error.message})`;
      }
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

/**
 * Reads an answer, keeping only its first `limit` bytes (a log or a failure detail needs no more),
 * and hands them over as text when it ends.
 */
export function readAnswerStart(
  response: http.IncomingMessage,
  limit: number,
  onEnd: (text: string) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  response.on('data', (chunk: Buffer) => {
    if (kept < limit) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  });
  response.on('error', () => {});
  response.on('end', () =>
    onEnd(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8').slice(0, limit)),
  );
}
