import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../mock-server/cli/io.js';
import { runCli } from '../../mock-server/cli/run-cli.js';

/** Runs a command line in-process and answers its exit code and what it wrote to stderr. */
async function run(...argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: {},
    // A command that got this far would run until stopped: stop it at once.
    stopRequested: () => Promise.resolve('SIGTERM'),
  };
  const code = await runCli(argv, io);
  return { code, stderr: err.join('\n'), stdout: out.join('\n') };
}

describe('a flag that takes no value', () => {
  it('given one with =, says it takes no value instead of asking for one', async () => {
    const { code, stderr } = await run('serve', '--require-https=yes');
    expect(code).toBe(2);
    expect(stderr).toContain('--require-https takes no value.');
    expect(stderr).not.toContain('needs a value');
    expect(stderr).toContain('Run "os1-mock serve --help"');
  });

  it('followed by a word, says the flag takes no value instead of guessing --config', async () => {
    const { code, stderr } = await run('serve', '--require-https', 'false');
    expect(code).toBe(2);
    expect(stderr).toContain('--require-https takes no value, got "false"');
    expect(stderr).toContain('leave it out to keep it off');
    expect(stderr).not.toContain('--config');
  });

  it("names --help by its long name when given a value (-h, --help in the parser's words)", async () => {
    const { code, stderr } = await run('serve', '--help=1');
    expect(code).toBe(2);
    expect(stderr).toContain('--help takes no value. Write --help alone.');
    expect(stderr).not.toContain('-h,');
  });
});

describe('a flag that needs a value', () => {
  it.each([
    [['serve', '--port'], '--port needs a value, e.g. --port <value>'],
    [['serve', '--delay-ms', '-5'], 'for a value that starts with "-", write --delay-ms=<value>'],
    [['listen', '--status'], '--status needs a value'],
  ])('%j says so', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('argument missing');
  });
});

describe('a stray argument', () => {
  it.each(['listen', 'serve'])(
    '%s names itself and its help instead of Node parser wording',
    async (command) => {
      const { code, stderr } = await run(command, 'extra');
      expect(code).toBe(2);
      expect(stderr).toBe(
        `os1-mock: ${command} takes no arguments, got "extra".\nRun "os1-mock ${command} --help" for the options.`,
      );
    },
  );

  it('that looks like a config file suggests --config', async () => {
    const { code, stderr } = await run('serve', 'os1-mock.json');
    expect(code).toBe(2);
    expect(stderr).toContain('Did you mean --config os1-mock.json?');
  });

  it('after -- is still refused', async () => {
    const { code, stderr } = await run('listen', '--', 'extra');
    expect(code).toBe(2);
    expect(stderr).toContain('listen takes no arguments, got "extra"');
  });
});

describe('a secret with a space', () => {
  it.each(['listen', 'serve'])('is refused by %s as tenant secrets are', async (command) => {
    const { code, stderr, stdout } = await run(command, '--port', '0', '--secret', 'has space');
    expect(code).toBe(2);
    expect(stderr).toContain('must be printable ASCII without spaces');
    expect(stderr).not.toContain('has space');
    expect(stdout).toBe('');
  });
});
