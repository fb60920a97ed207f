/** A command line the CLI cannot run; main prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Turns node:util parseArgs' errors into a UsageError that says what to type instead. */
export function usageErrorFromParseArgs(error: unknown, command: string): UsageError {
  return new UsageError(
    `${describeParseError(error as Error & { code?: string })}\nRun "os1-mock ${command} --help" for the options.`,
  );
}

function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-{1,2}[^'\s]+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}.`;
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return `option ${option} needs a value (or takes none); for a value that starts with "-", write ${option}=<value>.`;
  }
  return error.message;
}
