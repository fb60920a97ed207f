/** What a command may touch of the process, so tests can run commands in-process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the user asks a long-running command to stop (SIGINT/SIGTERM). */
  stopRequested: () => Promise<string>;
}

/** A command runs and answers its exit code: 0 ok, 1 failed, 2 usage error (thrown as UsageError). */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;
