import pino from 'pino';
import type { ResolvedConfig } from './config/defaults.js';

export type Logger = pino.Logger;

/**
 * JSON logs, or readable lines when writing to a terminal. Secrets are never passed in. pino-pretty
 * is loaded only for readable lines, so JSON and silent runs start without it.
 */
export async function createLogger(
  level: ResolvedConfig['logLevel'],
  pretty = process.stdout.isTTY === true,
): Promise<Logger> {
  if (!pretty) return pino({ level, base: null });
  const { default: pinoPretty } = await import('pino-pretty');
  return pino(
    { level, base: null },
    pinoPretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', sync: true }),
  );
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
