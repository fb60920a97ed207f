import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CASE_IDS } from '../../contracts/receiver-suite/catalogue.js';
import { meetsContract } from '../../contracts/receiver-suite/report.js';
import type { ReceiverContractOptions } from '../../contracts/receiver-suite/run-receiver-contract.js';
import {
  checkReceiverContractOptions,
  DEFAULT_TIMEOUT_MS,
  ReceiverContractOptionsError,
  runReceiverContract,
} from '../../contracts/receiver-suite/run-receiver-contract.js';
import { maskUrlPassword } from '../delivery/redact-url.js';
import type { SchemeName } from '../signing/schemes.js';
import { SCHEME_NAMES } from '../signing/schemes.js';
import { schemeName, wholeNumber } from './flag-values.js';
import type { Command } from './io.js';
import { describeParseError, UsageError } from './usage-error.js';
import { formatJson } from './verify-reporter-json.js';
import { formatJunit } from './verify-reporter-junit.js';
import { formatPretty, type RunDescription } from './verify-reporter-pretty.js';

export const VERIFY_HELP = `Usage: os1-mock verify <receiver-url> --secret <s> [options]

Sends your callback receiver the callbacks OS1 sends, and forged ones, and checks its answers:
valid callbacks get 200 or 202 within the time budget, forged ones and bad JSON a 4xx.
Exit 0 when every MUST case passes, 1 when one fails, 2 on a usage error.

Options:
  --secret <s>         the secret the receiver verifies with; also OS1_MOCK_SECRET (required)
  --scheme <name>      ${SCHEME_NAMES.join(' | ')} (default os1)
  --reporter <name>    pretty | json | junit (default pretty)
  --output <file>      write the report there (the pretty checklist still goes to stdout)
  --timeout-ms <n>     how long the receiver has for each answer (default ${DEFAULT_TIMEOUT_MS})
  --only <id,...>      run only these cases
  -h, --help           this help

Cases: ${CASE_IDS.join(', ')}
See docs/verify.md for what each case checks and how to run it in CI.
`;

const REPORTERS = ['pretty', 'json', 'junit'] as const;
type ReporterName = (typeof REPORTERS)[number];

interface VerifyOptions {
  contract: ReceiverContractOptions & { scheme: SchemeName; timeoutMs: number };
  reporter: ReporterName;
  output: string | null;
}

/** `os1-mock verify`: the receiver contract suite from the command line. */
export const verifyCommand: Command = async (argv, io) => {
  const options = parseVerifyOptions(argv, io.env);
  if (options === 'help') {
    io.out(VERIFY_HELP);
    return 0;
  }
  const started = performance.now();
  const report = await runReceiverContract(options.contract);
  const run: RunDescription = {
    // Reports go to CI logs and files: they show the URL without its password.
    url: maskUrlPassword(options.contract.url),
    scheme: options.contract.scheme,
    timeoutMs: options.contract.timeoutMs,
    durationMs: Math.round(performance.now() - started),
  };
  const colour =
    io.env.NO_COLOR === undefined && (io.env.FORCE_COLOR !== undefined || process.stdout.isTTY);
  const formatted =
    options.reporter === 'json'
      ? formatJson(report)
      : options.reporter === 'junit'
        ? formatJunit(report, run)
        : formatPretty(report, run, colour && options.output === null);
  if (options.output === null) {
    io.out(formatted);
  } else {
    writeReport(options.output, formatted);
    io.out(formatPretty(report, run, colour));
    io.out(`${options.reporter} report written to ${options.output}`);
  }
  return meetsContract(report) ? 0 : 1;
};

function parseVerifyOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): VerifyOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(
      `${describeParseError(error as Error & { code?: string })}\n${VERIFY_HELP.split('\n')[0]}\nRun "os1-mock verify --help" for the options.`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [url, ...extra] = positionals;
  if (url === undefined) {
    throw new UsageError(
      'verify needs the receiver URL: os1-mock verify http://127.0.0.1:3000/callbacks --secret <s>',
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      `verify takes one receiver URL, got also "${extra.map((text) => maskUrlPassword(text)).join(' ')}". Quote a URL that holds spaces or &.`,
    );
  }
  const secret = values.secret ?? env.OS1_MOCK_SECRET;
  if (secret === undefined || secret === '') {
    throw new UsageError(
      'verify needs the secret your receiver verifies with: pass --secret <s> or set OS1_MOCK_SECRET.',
    );
  }
  const scheme = schemeName('--scheme', values.scheme ?? 'os1');
  const reporter = values.reporter ?? 'pretty';
  if (!(REPORTERS as readonly string[]).includes(reporter)) {
    throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got "${reporter}".`);
  }
  const timeoutMs =
    values['timeout-ms'] === undefined
      ? DEFAULT_TIMEOUT_MS
      : wholeNumber(
          '--timeout-ms',
          values['timeout-ms'],
          1,
          600_000,
          'a whole number of milliseconds',
        );
  const only =
    values.only === undefined
      ? undefined
      : values.only
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '');
  const contract = {
    url,
    secret,
    scheme,
    timeoutMs,
    ...(only === undefined ? {} : { only }),
  };
  try {
    checkReceiverContractOptions(contract);
  } catch (error) {
    if (error instanceof ReceiverContractOptionsError) {
      throw new UsageError(
        error.message.startsWith('unknown case') || error.message.startsWith('no case')
          ? `--only: ${error.message}`
          : error.message,
      );
    }
    throw error;
  }
  const output = values.output ?? null;
  if (output !== null) checkWritable(output);
  return { contract, reporter: reporter as ReporterName, output };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      secret: { type: 'string' },
      scheme: { type: 'string' },
      reporter: { type: 'string' },
      output: { type: 'string' },
      'timeout-ms': { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Fails before the run, not after it, when the report could not be written. */
function checkWritable(output: string): void {
  if (output === '') throw new UsageError('--output needs a file path.');
  const path = resolve(output);
  let isFile = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw new UsageError(
        `--output ${output} is a directory; give a file path such as ${output}/receiver-contract.xml.`,
      );
    }
    isFile = true;
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
  try {
    accessSync(isFile ? path : dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(
      isFile
        ? `cannot write --output ${output}: the file is not writable.`
        : `cannot write --output ${output}: the folder ${dirname(path)} does not exist or is not writable. Create it first.`,
    );
  }
}

function writeReport(output: string, text: string): void {
  try {
    writeFileSync(output, text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    throw new UsageError(`cannot write --output ${output}: ${(error as Error).message}`);
  }
}
