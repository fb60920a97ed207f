import type { CliIo } from '../../../mock-server/cli/io.js';

export interface FakeIo extends CliIo {
  stdout: string[];
  stderr: string[];
}

/** A CliIo that records what a command prints; nothing ever asks it to stop. */
export function fakeIo(env: NodeJS.ProcessEnv = {}): FakeIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    env,
    stopRequested: () => new Promise<string>(() => {}),
  };
}
