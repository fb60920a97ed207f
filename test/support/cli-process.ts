import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI_ENTRY = fileURLToPath(
  new URL('../../dist/mock-server/cli/main.js', import.meta.url),
);

/** A running command whose output can be awaited line by line. */
export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export function spawnProcess(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): RunningProcess {
  // Its own process group (not on Windows), so stop() reaches what it starts in turn: `npm start`
  // runs the mock as a grandchild, which a signal to npm alone left running after the tests.
  const ownGroup = process.platform !== 'win32';
  const child = spawn(command, [...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: 'pipe',
    detached: ownGroup,
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
      for (const wake of waiters) wake();
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match) {
            finish();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish();
            reject(
              new Error(
                `process ended before printing ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(`no ${pattern} within ${timeoutMs} ms.\nstdout:\n${out}\nstderr:\n${err}`),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, signal);
        else child.kill(signal);
      }
      return exited;
    },
  };
}

/** Runs the built os1-mock executable, as `npx os1-mock` would. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  if (!existsSync(CLI_ENTRY)) {
    throw new Error(
      'dist/ is missing: run `npm run build` (npm test does it) before the CLI tests.',
    );
  }
  return spawnProcess(process.execPath, [CLI_ENTRY, ...args], { env });
}
