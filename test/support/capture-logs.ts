import pino from 'pino';

type LoggingModule = typeof import('../../mock-server/logging.js');

/**
 * The body of a `vi.mock('../../mock-server/logging.js', ...)` factory: serve's pino logger,
 * writing JSON lines into `lines` instead of stdout. vitest hoists vi.mock per file, so each file
 * keeps its one-line call and `lines` comes from vi.hoisted:
 *
 *   const logged = vi.hoisted(() => [] as string[]);
 *   vi.mock('../../mock-server/logging.js', async (original) =>
 *     (await import('../support/capture-logs.js')).captureLogs(original, logged));
 */
export async function captureLogs(
  importOriginal: () => Promise<LoggingModule>,
  lines: string[],
): Promise<LoggingModule> {
  const original = await importOriginal();
  return {
    ...original,
    createLogger: async (level) =>
      pino({ level, base: null }, { write: (line: string) => lines.push(line) }),
  };
}
