import type { SchemaId } from '../validation/schemas.js';
import { ALL_SCHEMAS } from '../validation/schemas.js';

/** Request fields a hook's data never replaces: where the outcome goes and the hooks themselves. */
const PLUMBING = new Set(['callback', 'onRequest', 'onError']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The fields of a request schema a hook's data may replace. */
function replaceableFields(schema: SchemaId): Set<string> {
  const found = ALL_SCHEMAS.find((candidate) => candidate.$id === schema) as {
    properties?: Record<string, unknown>;
  };
  return new Set(Object.keys(found.properties ?? {}).filter((name) => !PLUMBING.has(name)));
}

export interface MergedPayload {
  payload: Record<string, unknown>;
  /** Fields the hook's data replaced. */
  rewritten: string[];
  /** Fields in the hook's data that the request schema does not know (or may not replace). */
  ignored: string[];
}

/**
 * The payload with the known top-level fields of the hook's `{"data": {...}}` laid over it; the
 * payload unchanged when the answer has no data object.
 */
export function mergeHookData(
  payload: Record<string, unknown>,
  answer: string,
  schema: SchemaId,
): MergedPayload {
  const parsed = parseJson(answer);
  const data = isRecord(parsed) ? parsed.data : undefined;
  if (!isRecord(data)) return { payload, rewritten: [], ignored: [] };
  const known = replaceableFields(schema);
  const merged: Record<string, unknown> = { ...payload };
  const rewritten: string[] = [];
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(data)) {
    if (!known.has(name)) {
      ignored.push(name);
      continue;
    }
    merged[name] = value; // a schema field name, never __proto__
    rewritten.push(name);
  }
  return { payload: merged, rewritten, ignored };
}

/** The reason a hook gives in its answer, if it gives one: reason, message, error or description. */
export function reasonIn(answer: string): string | null {
  const parsed = parseJson(answer);
  if (isRecord(parsed)) {
    const error = isRecord(parsed.error) ? parsed.error : {};
    for (const candidate of [
      parsed.reason,
      parsed.message,
      parsed.error,
      error.description,
      error.message,
      parsed.description,
    ]) {
      if (typeof candidate === 'string' && candidate.trim() !== '') return clip(candidate.trim());
    }
    return null;
  }
  const text = answer.trim();
  return text === '' || parsed !== undefined ? null : clip(text);
}

const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
