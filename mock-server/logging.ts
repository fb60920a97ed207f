import pino from 'pino';
import pinoPretty from 'pino-pretty';
import type { ResolvedConfig } from './config/defaults.js';

export type Logger = pino.Logger;

/** JSON logs, or readable lines when writing to a terminal. Secrets are never passed in. */
export function createLogger(
  level: ResolvedConfig['logLevel'],
  pretty = process.stdout.isTTY === true,
): Logger {
  if (!pretty) return pino({ level, base: null });
  return pino(
    { level, base: null },
    pinoPretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', sync: true }),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
