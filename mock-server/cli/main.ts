#!/usr/bin/env node
// The os1-mock executable: wires the process (stdout, signals, exit code) to runCli.
import { setFlagsFromString } from 'node:v8';
import type { CliIo } from './io.js';
import { runCli } from './run-cli.js';

// A scenario rule's `matches` pattern that backtracks exponentially in a way safe-regex2 cannot
// see (overlapping alternatives such as (a|aa)*$) falls back to V8's linear-time engine after
// excessive backtracking, instead of holding the event loop for minutes. Results are the same, only
// the engine differs. Set here, first thing in the CLI's own process; the library never changes a
// host process's V8 flags (docs/decisions/0012).
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

function stopRequested(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      // A second signal while shutting down ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
}

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  stopRequested,
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `os1-mock: unexpected failure, please report it: ${(error as Error).stack ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
