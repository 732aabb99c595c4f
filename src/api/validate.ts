import type { z } from 'zod';
import { JiansuoError } from '../errors';

/** Longest echo of a bad value in an error message. */
const ECHO_CHARS = 40;

function echo(value: unknown): string {
  if (typeof value === 'string' && value.length > ECHO_CHARS) return `${value.length} characters`;
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    // A JSON body nested thousands deep overflows the stack of `stringify`.
    return Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return json.length > ECHO_CHARS ? `${json.slice(0, ECHO_CHARS)}…` : json;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Validates input at the edge of the service: the parsed value, or an `invalid_parameter`
 * error naming every bad parameter with what it must be and what it was, e.g.
 * `invalid parameter limit: must be an integer from 1 to 100 (got "0"); sort: must be "relevance" or "date" (got "new")`.
 * `prefix` names where the input sits (`queries[3].`).
 *
 * @example validate(schemas.searchQuery, req.query).limit // 10
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = new Map<string, string>();
  for (const issue of result.error.issues) {
    const name = prefix + issue.path.map(String).join('.');
    if (details.has(name)) continue;
    const value = valueAt(input, issue.path);
    details.set(
      name,
      issue.path.length > 0 && value === undefined
        ? `${name}: is required`
        : `${name || 'body'}: ${issue.message} (got ${echo(value)})`,
    );
  }
  throw new JiansuoError('invalid_parameter', [...details.values()].join('; '));
}

/**
 * Query-string parameters ready for a schema: an empty value counts as absent (an HTML form
 * sends `category=` for "any"), except for the names in `keepEmpty`; a parameter given twice
 * is an error, since it is unclear which one was meant.
 */
export function queryParams(query: Record<string, unknown>, keepEmpty: string[] = []): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const repeated: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) repeated.push(`${name}: must be given once (got ${value.length} values)`);
    else if (value !== '' || keepEmpty.includes(name)) params[name] = value;
  }
  if (repeated.length > 0) throw new JiansuoError('invalid_parameter', repeated.join('; '));
  return params;
}
