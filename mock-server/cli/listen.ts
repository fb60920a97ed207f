import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SECRET } from '../config/defaults.js';
import { SCHEME_NAMES, SCHEMES } from '../signing/schemes.js';
import { hostValue, schemeName, secretValue, wholeNumber } from './flag-values.js';
import type { Command } from './io.js';
import { bindFailure, parseFlags } from './usage-error.js';

export const LISTEN_HELP = `Usage: os1-mock listen [options]

Runs a callback receiver that prints each callback it gets, checks its signature, and answers.
Point a request's callback.url at it to see what OS1 (or os1-mock) sends.

Options:
  --port <n>        port (default 4020; 0 for any free one)
  --host <addr>     interface (default 127.0.0.1)
  --secret <s>      secret to verify with; also OS1_MOCK_SECRET (default: the mock's default)
  --scheme <name>   ${SCHEME_NAMES.join(' | ')} (default os1)
  --status <n>      status to answer with, 200 to 599 (default 200)
  -h, --help        this help
`;

const MAX_BODY = 10 * 1024 * 1024;

/** `os1-mock listen`: a receiver for trying things by hand, like `stripe listen`. */
export const listenCommand: Command = async (argv, io) => {
  const options = parseListenOptions(argv, io.env);
  if (options === 'help') {
    io.out(LISTEN_HELP);
    return 0;
  }
  const scheme = SCHEMES[options.scheme];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : value,
        ]),
      );
      const verdict = scheme.verify({
        body,
        headers,
        secrets: [options.secret],
        nowMs: Date.now(),
      });
      let summary = `${body.length} bytes`;
      try {
        const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        const data = json.data as { id?: unknown } | undefined;
        summary = `${String(json.eventType)} ${String(json.status)} ${String(data?.id ?? '')}${json.reason ? ` (${String(json.reason)})` : ''}`;
      } catch {
        summary = `not JSON, ${summary}`;
      }
      io.out(
        `${request.method} ${request.url} ${summary} | signature ${verdict.valid ? 'valid' : `INVALID: ${verdict.reason}`} | answered ${options.status}`,
      );
      response.writeHead(options.status, { 'content-type': 'application/json' });
      response.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(bindFailure(error, options.port, options.host)));
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  io.out(
    `os1-mock listen: receiving callbacks at http://${host}:${address.port}/ (scheme ${options.scheme})`,
  );
  await io.stopRequested();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
};

interface ListenOptions {
  port: number;
  host: string;
  secret: string;
  scheme: (typeof SCHEME_NAMES)[number];
  status: number;
}

function parseListenOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): ListenOptions | 'help' {
  const values = parseFlags('listen', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    secret: { type: 'string' },
    scheme: { type: 'string' },
    status: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const port = wholeNumber('--port', values.port ?? '4020', 0, 65535);
  // A 1xx is an interim response, not an answer: the sender would wait for one that never comes.
  const status = wholeNumber('--status', values.status ?? '200', 200, 599, 'a final HTTP status');
  const scheme = schemeName('--scheme', values.scheme ?? 'os1');
  const secret = secretValue(
    '--secret (or OS1_MOCK_SECRET)',
    values.secret ?? env.OS1_MOCK_SECRET ?? DEFAULT_SECRET,
  );
  const host = hostValue('--host', values.host ?? '127.0.0.1');
  return { port, host, secret, scheme, status };
}
