/**
 * Every error jiansuo reports on purpose: a stable code, the HTTP status it maps to, and how
 * the message is worded. One handler (server/error-handler.ts) turns these into responses;
 * anything else is a bug, logged and answered with a bare 500.
 */
export const ERRORS = {
  invalid_parameter: { status: 400, message: (detail: string) => `invalid parameter ${detail}` },
  invalid_query: { status: 400, message: (detail: string) => `invalid query: ${detail}` },
  query_too_long: { status: 400, message: (detail: string) => `query too long: ${detail}` },
  invalid_body: { status: 400, message: (detail: string) => `invalid request body: ${detail}` },
  invalid_document: { status: 400, message: (detail: string) => `invalid document: ${detail}` },
  invalid_synonyms: { status: 400, message: (detail: string) => `invalid synonyms: ${detail}` },
  invalid_dictionary: { status: 400, message: (detail: string) => `invalid dictionary: ${detail}` },
  unauthorized: { status: 401, message: (detail: string) => `unauthorized: ${detail}` },
  forbidden: { status: 403, message: (detail: string) => `forbidden: ${detail}` },
  not_found: { status: 404, message: (detail: string) => `not found: ${detail}` },
  payload_too_large: { status: 413, message: (detail: string) => `request body too large: ${detail}` },
  unsupported_media_type: { status: 415, message: (detail: string) => `unsupported media type: ${detail}` },
  rate_limited: { status: 429, message: (detail: string) => `too many requests: ${detail}` },
  budget_exceeded: { status: 503, message: (detail: string) => `budget exceeded: ${detail}` },
  index_missing: { status: 503, message: (detail: string) => `index missing: ${detail}` },
  index_stale: { status: 503, message: (detail: string) => `index stale: ${detail}` },
  index_damaged: { status: 503, message: (detail: string) => `index damaged: ${detail}` },
  index_locked: { status: 503, message: (detail: string) => `index locked: ${detail}` },
  store_unavailable: { status: 503, message: (detail: string) => `store unavailable: ${detail}` },
  corpus_error: { status: 500, message: (detail: string) => `corpus error: ${detail}` },
  internal: { status: 500, message: () => 'internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/**
 * The one error class of the project: carries a code from {@link ERRORS} and its HTTP status.
 *
 * @example throw new JiansuoError('invalid_query', 'unbalanced quote at position 3')
 */
export class JiansuoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, detail: string) {
    super(ERRORS[code].message(detail));
    this.name = 'JiansuoError';
    this.code = code;
    this.status = ERRORS[code].status;
  }
}
