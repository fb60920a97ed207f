import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorName } from '../errors.js';
import { os1Error } from '../errors.js';
import type { SchemaId } from './schemas.js';
import { ALL_SCHEMAS } from './schemas.js';

/** Verdicts kept for the URLs seen last: clients send the same few callback URLs again and again. */
const REMEMBERED_URLS = 1000;
const callbackUrlVerdicts = new Map<string, boolean>();

/** An absolute http(s) URL with a host: what a callback or hook can be sent to. */
export function isCallbackUrl(value: string): boolean {
  let verdict = callbackUrlVerdicts.get(value);
  if (verdict === undefined) {
    verdict = parsesAsCallbackUrl(value);
    if (callbackUrlVerdicts.size >= REMEMBERED_URLS) {
      // Forget the oldest: a Map iterates in insertion order.
      callbackUrlVerdicts.delete(callbackUrlVerdicts.keys().next().value as string);
    }
    callbackUrlVerdicts.set(value, verdict);
  }
  return verdict;
}

function parsesAsCallbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

function createAjv() {
  const ajv = new Ajv2020.default({
    strict: true,
    allErrors: false,
    allowUnionTypes: true,
    validateSchema: false, // meta-schema check: test/unit/contract-schemas.test.ts
    discriminator: true,
  });
  addFormats.default(ajv);
  ajv.addFormat('callback-url', { type: 'string', validate: isCallbackUrl });
  for (const schema of ALL_SCHEMAS) ajv.addSchema(schema);
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<SchemaId, ValidateFunction>();

function validatorFor(id: SchemaId): ValidateFunction {
  let validate = compiled.get(id);
  if (!validate) {
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`no schema with $id ${id} in contracts/schemas`);
    compiled.set(id, validate);
  }
  return validate;
}

export interface ValidationProblem {
  /** Dotted path of the offending field, `body` for the whole document. */
  field: string;
  message: string;
  rule: string;
}

/** Checks `data` against a schema; returns the first problem, or null when it conforms. */
export function findProblem(id: SchemaId, data: unknown): ValidationProblem | null {
  const validate = validatorFor(id);
  if (validate(data)) return null;
  return describe(validate.errors ?? []);
}

/** Checks `data` and narrows its type, or throws the catalogue error naming the field. */
export function assertValid<T>(
  id: SchemaId,
  data: unknown,
  what = 'request body',
  errorName: ErrorName = 'VALIDATION_FAILED',
): asserts data is T {
  const problem = findProblem(id, data);
  if (problem) {
    throw os1Error(errorName, `Invalid ${what}: ${problem.field} ${problem.message}.`, {
      field: problem.field,
      rule: problem.rule,
      schema: id,
    });
  }
}

const COMBINATOR_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'then', 'else', 'not', '$ref']);

function describe(errors: readonly ErrorObject[]): ValidationProblem {
  // The most specific error: the deepest path, not a combinator summarising its branches.
  const ranked = [...errors].sort(
    (a, b) =>
      depth(b) - depth(a) ||
      Number(COMBINATOR_KEYWORDS.has(a.keyword)) - Number(COMBINATOR_KEYWORDS.has(b.keyword)),
  );
  const error = ranked[0];
  if (!error) return { field: 'body', message: 'is invalid', rule: 'unknown' };
  // A bad key (propertyNames) is reported at its object; name the key itself.
  const badKey = (error as ErrorObject & { propertyName?: string }).propertyName;
  const base =
    badKey === undefined
      ? pathToField(error.instancePath)
      : `${pathToField(error.instancePath)} key "${badKey}"`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return {
        field: join(base, String(params.missingProperty)),
        message: 'is required',
        rule: 'required',
      };
    case 'additionalProperties':
      return {
        field: join(base, String(params.additionalProperty)),
        message: 'is not a known field; remove it',
        rule: 'additionalProperties',
      };
    case 'enum':
      return {
        field: base,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        rule: 'enum',
      };
    case 'const':
      return {
        field: base,
        message: `must be ${JSON.stringify(params.allowedValue)}`,
        rule: 'const',
      };
    case 'format':
      return {
        field: base,
        message:
          params.format === 'callback-url'
            ? 'must be an absolute http:// or https:// URL'
            : `must be a valid ${String(params.format)}`,
        rule: 'format',
      };
    case 'pattern':
      return {
        field: base,
        message:
          PATTERNS_IN_WORDS[String(params.pattern)] ?? `must match ${String(params.pattern)}`,
        rule: 'pattern',
      };
    default:
      return { field: base, message: error.message ?? 'is invalid', rule: error.keyword };
  }
}

/** The schemas' patterns that read better in words than as a regular expression. */
const PATTERNS_IN_WORDS: Readonly<Record<string, string>> = {
  '^[\\x21-\\x7e]+$': 'must be printable ASCII characters without spaces (a base64 string works)',
};

const depth = (error: ErrorObject): number =>
  error.instancePath.split('/').length + (error.keyword === 'required' ? 1 : 0);

function pathToField(instancePath: string): string {
  if (instancePath === '') return 'body';
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

const join = (base: string, key: string): string => (base === 'body' ? key : `${base}.${key}`);
