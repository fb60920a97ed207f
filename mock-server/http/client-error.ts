import type { Socket } from 'node:net';
import type { ErrorName } from '../errors.js';
import { os1Error } from '../errors.js';
import { errorEnvelope } from './envelope.js';

/**
 * Answers requests Node's HTTP parser refuses before Koa sees them (headers over 16 KiB, raw bytes
 * in the path, a bad Content-Length, a request sent too slowly) with OS1's error envelope instead
 * of Node's bare status line, then closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [name, message]: [ErrorName, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          'HEADERS_TOO_LARGE',
          'The request line or headers are larger than 16 KiB; send less in headers and the URL.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST_TIMEOUT', 'The request was not sent in full within 30 s.']
        : [
            'UNPARSEABLE_REQUEST',
            `The HTTP request cannot be parsed (${error.code ?? 'parse error'}): check the path is URL-encoded and Content-Length is a number.`,
          ];
  const failure = os1Error(name, message);
  const body = JSON.stringify(
    errorEnvelope(failure, { uri: '', method: '', queryString: '', body: {} }),
  );
  socket.end(
    `HTTP/1.1 ${failure.status} ${statusText(failure.status)}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const statusText = (status: number): string =>
  status === 431
    ? 'Request Header Fields Too Large'
    : status === 408
      ? 'Request Timeout'
      : 'Bad Request';
