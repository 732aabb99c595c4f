"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.JiansuoError = exports.ERRORS = void 0;
/**
 * Every error jiansuo reports on purpose: a stable code, the HTTP status it maps to, and how
 * the message is worded. One handler (server/error-handler.ts) turns these into responses;
 * anything else is a bug, logged and answered with a bare 500.
 */
exports.ERRORS = {
    invalid_parameter: { status: 400, message: (detail) => `invalid parameter ${detail}` },
    invalid_query: { status: 400, message: (detail) => `invalid query: ${detail}` },
    query_too_long: { status: 400, message: (detail) => `query too long: ${detail}` },
    invalid_document: { status: 400, message: (detail) => `invalid document: ${detail}` },
    unauthorized: { status: 401, message: (detail) => `unauthorized: ${detail}` },
    forbidden: { status: 403, message: (detail) => `forbidden: ${detail}` },
    not_found: { status: 404, message: (detail) => `not found: ${detail}` },
    payload_too_large: { status: 413, message: (detail) => `request body too large: ${detail}` },
    unsupported_media_type: { status: 415, message: (detail) => `unsupported media type: ${detail}` },
    rate_limited: { status: 429, message: (detail) => `too many requests: ${detail}` },
    index_missing: { status: 503, message: (detail) => `index missing: ${detail}` },
    index_stale: { status: 503, message: (detail) => `index stale: ${detail}` },
    index_damaged: { status: 503, message: (detail) => `index damaged: ${detail}` },
    corpus_error: { status: 500, message: (detail) => `corpus error: ${detail}` },
    internal: { status: 500, message: () => 'internal error' },
};
/**
 * The one error class of the project: carries a code from {@link ERRORS} and its HTTP status.
 *
 * @example throw new JiansuoError('invalid_query', 'unbalanced quote at position 3')
 */
class JiansuoError extends Error {
    code;
    status;
    constructor(code, detail) {
        super(exports.ERRORS[code].message(detail));
        this.name = 'JiansuoError';
        this.code = code;
        this.status = exports.ERRORS[code].status;
    }
}
exports.JiansuoError = JiansuoError;
//# sourceMappingURL=errors.js.map