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

/** Certificate errors where the other side's chain ends in a CA this process does not trust. */
const UNTRUSTED_CERT_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * A network failure in words a user can act on. `target` names what was called and `peer` who
 * answers there: ('callback URL', 'receiver') or ('hook URL', 'hook').
 */
export function describeNetworkError(
  error: Error & { code?: string | undefined; reason?: string | undefined },
  target: string,
  peer: string,
): string {
  const code = error.code ?? '';
  const message = oneLine(error.message);
  switch (code) {
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
    case 'CERT_HAS_EXPIRED':
      return `the ${peer}'s TLS certificate has expired: renew it`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the ${peer}'s TLS certificate is not for the ${target}'s host (${oneLine(error.reason ?? message)}): call it by a name the certificate lists, or reissue the certificate`;
  }
  if (UNTRUSTED_CERT_CODES.has(code)) {
    const selfSigned =
      code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN';
    const untrusted = selfSigned
      ? 'is self-signed, and this process does not trust it'
      : 'is issued by a CA this process does not trust (or the server leaves out its intermediate certificates)';
    const pem = selfSigned ? "the certificate's PEM file" : "the CA's PEM file";
    return `the ${peer}'s TLS certificate ${untrusted} (${code}): start os1-mock with NODE_EXTRA_CA_CERTS=<${pem}>, or use http:// for a ${peer} on this machine`;
  }
  if (/wrong version number|packet length too long/i.test(message)) {
    // OpenSSL read a plain-HTTP answer where it expected a TLS record.
    return `the ${peer} does not speak TLS at this address; use http:// (or enable TLS on the ${peer})`;
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    const reason = /SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message;
    return `the TLS handshake with the ${peer} failed (${reason})`;
  }
  if (code.startsWith('HPE_')) {
    return `the ${peer}'s answer is not valid HTTP/1.1 (${message})`;
  }
  return code ? `${code}: ${message}` : message;
}

/** OpenSSL's messages end with a newline and a colon; a detail line wants neither. */
const oneLine = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:]+$/, '');

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
