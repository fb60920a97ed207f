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
