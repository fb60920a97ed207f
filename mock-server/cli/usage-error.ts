import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';

/** A command line the CLI cannot run; main prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type FlagSpecs = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends FlagSpecs> = ReturnType<
  typeof parseArgs<{
    args: string[];
    options: T;
    strict: true;
    allowPositionals: true;
    tokens: true;
  }>
>;

/**
 * A command's flags, parsed by node:util parseArgs; any mistake (an unknown option, a missing
 * value, a value for a flag that takes none, a stray argument) is a UsageError that says what to
 * type instead and names the command's help. `strayHint` may add a guess for a stray argument.
 */
export function parseFlags<const T extends FlagSpecs>(
  command: string,
  argv: readonly string[],
  options: T,
  strayHint: (argument: string) => string = () => '',
): Parsed<T>['values'] {
  const help = `\nRun "os1-mock ${command} --help" for the options.`;
  let parsed: Parsed<T>;
  try {
    parsed = parse(argv, options);
  } catch (error) {
    throw new UsageError(`${describeParseError(error as Error & { code?: string })}${help}`);
  }
  const { tokens } = parsed;
  const index = tokens.findIndex((token) => token.kind === 'positional');
  const stray = tokens[index];
  if (stray?.kind === 'positional') {
    const before = tokens[index - 1];
    // parseArgs gives a flag that takes no value no token value, so `--require-https false` leaves
    // "false" as an argument of its own.
    if (
      before?.kind === 'option' &&
      before.value === undefined &&
      before.index === stray.index - 1
    ) {
      throw new UsageError(
        `${before.rawName} takes no value, got "${stray.value}". Write ${before.rawName} alone to turn it on, and leave it out to keep it off.${help}`,
      );
    }
    throw new UsageError(
      `${command} takes no arguments, got "${stray.value}".${strayHint(stray.value)}${help}`,
    );
  }
  return parsed.values;
}

function parse<const T extends FlagSpecs>(argv: readonly string[], options: T): Parsed<T> {
  return parseArgs({
    args: [...argv],
    options,
    strict: true,
    allowPositionals: true,
    tokens: true,
  });
}

/**
 * node:util parseArgs' error in os1-mock's words: what is wrong with which option and what to type.
 * Every command's flags go through it (serve and listen through parseFlags, verify directly).
 */
export function describeParseError(error: Error & { code?: string }): string {
  // parseArgs names the option in quotes: '--port', '--port <value>', '-h, --help', '-x'; the
  // long name, when there is one, is the last.
  const option = /'([^']+)'/
    .exec(error.message)?.[1]
    ?.match(/-{1,2}[^\s,<]+/g)
    ?.at(-1);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (error.message.includes('does not take an argument')) {
      return `${option} takes no value. Write ${option} alone.`;
    }
    return `${option} needs a value, e.g. ${option} <value>; for a value that starts with "-", write ${option}=<value>.`;
  }
  return error.message;
}

/**
 * Turns a failure to listen on `host`:`port` into a UsageError that says what to pass instead (the
 * address is the user's choice); any other error is answered as it is.
 */
export function bindFailure(error: unknown, port: number, host: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new UsageError(
      `port ${port} on ${host} is already in use. Stop the other process or pass --port <n> (--port 0 picks a free one).`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new UsageError(
      `cannot bind to host ${host}: it is not an address of this machine (${code}). Use --host 127.0.0.1.`,
    );
  }
  if (code === 'EACCES') {
    return new UsageError(`no permission to listen on port ${port}; pick a port above 1023.`);
  }
  return error;
}
