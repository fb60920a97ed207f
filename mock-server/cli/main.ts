#!/usr/bin/env node
// The os1-mock executable: wires the process (stdout, signals, exit code) to runCli.
import type { CliIo } from './io.js';
import { runCli } from './run-cli.js';

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
