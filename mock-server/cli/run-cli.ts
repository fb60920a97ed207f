import { readFileSync } from 'node:fs';
import type { CliIo, Command } from './io.js';
import { listenCommand } from './listen.js';
import { serveCommand } from './serve.js';
import { UsageError } from './usage-error.js';
import { verifyCommand } from './verify.js';

/** Every command, by name. Add a command here and to HELP. */
const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  listen: listenCommand,
  verify: verifyCommand,
};

const HELP = `Usage: os1-mock <command> [options]

Commands:
  serve     run the fake OS1 (default http://127.0.0.1:4010)
  listen    run a receiver that prints and verifies callbacks (default port 4020)
  verify    check that your callback receiver acknowledges and rejects the way OS1 requires

Run "os1-mock <command> --help" for a command's options.
Other flags: --help, --version
`;

function version(): string {
  const url = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/** Runs one command line and answers the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(HELP);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(HELP);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(version());
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) {
      throw new UsageError(
        `unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "os1-mock --help".`,
      );
    }
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`os1-mock: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
