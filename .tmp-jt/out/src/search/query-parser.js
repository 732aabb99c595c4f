"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultQueryParserOptions = void 0;
exports.parseQuery = parseQuery;
const analysis_1 = require("../analysis");
const errors_1 = require("../errors");
exports.defaultQueryParserOptions = { maxLength: 256, maxTerms: 32 };
const WHITESPACE = /\s/u;
// Control characters other than white space are never typed by a person; they come from
// broken clients or probes and would otherwise match nothing silently.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/u;
function tokenize(query) {
    const tokens = [];
    let i = 0;
    while (i < query.length) {
        if (WHITESPACE.test(query[i])) {
            i++;
            continue;
        }
        const position = i;
        let exclude = false;
        let field = 'any';
        if (query[i] === '-' && i + 1 < query.length && !WHITESPACE.test(query[i + 1])) {
            exclude = true;
            i++;
        }
        if (query.startsWith('title:', i) && i + 6 < query.length && !WHITESPACE.test(query[i + 6])) {
            field = 'title';
            i += 6;
        }
        if (query[i] === '"') {
            const close = query.indexOf('"', i + 1);
            if (close < 0)
                throw new errors_1.JiansuoError('invalid_query', `unbalanced quote at position ${i}`);
            tokens.push({ raw: query.slice(i + 1, close), quoted: true, exclude, field, position });
            i = close + 1;
            continue;
        }
        let end = i;
        while (end < query.length && !WHITESPACE.test(query[end]) && query[end] !== '"')
            end++;
        tokens.push({ raw: query.slice(i, end), quoted: false, exclude, field, position });
        i = end;
    }
    return tokens;
}
function toTerm(token) {
    const norm = (0, analysis_1.normalize)(token.raw).trim();
    if (norm.length === 0) {
        throw new errors_1.JiansuoError('invalid_query', `empty term at position ${token.position}`);
    }
    return { raw: token.raw, norm, field: token.field };
}
/**
 * Parses a query string (SPEC §3): white space separates ANDed terms, `"…"` quotes a phrase,
 * `-term` excludes, `a OR b` is a disjunction (binding tighter than AND), `title:term`
 * matches titles only.
 *
 * @example parseQuery('海通 OR 国泰 -"AB轮岗"')
 * // { groups: [[{ raw: '海通', norm: '海通', field: 'any' }, { raw: '国泰', … }]],
 * //   excluded: [{ raw: 'AB轮岗', norm: 'ab轮岗', field: 'any' }] }
 */
function parseQuery(query, options = exports.defaultQueryParserOptions) {
    if (query.length > options.maxLength) {
        throw new errors_1.JiansuoError('query_too_long', `${query.length} characters, the limit is ${options.maxLength}`);
    }
    const control = CONTROL.exec(query);
    if (control) {
        const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        throw new errors_1.JiansuoError('invalid_query', `control character U+${code} at position ${control.index}`);
    }
    if (query.trim().length === 0)
        throw new errors_1.JiansuoError('invalid_query', 'the query is empty');
    const tokens = tokenize(query);
    if (tokens.length > options.maxTerms) {
        throw new errors_1.JiansuoError('invalid_query', `${tokens.length} terms, the limit is ${options.maxTerms}`);
    }
    const groups = [];
    const excluded = [];
    let joinNext = false;
    for (let k = 0; k < tokens.length; k++) {
        const token = tokens[k];
        const isOr = !token.quoted && !token.exclude && token.field === 'any' && token.raw === 'OR';
        if (isOr) {
            const previous = tokens[k - 1];
            const next = tokens[k + 1];
            if (!previous || !next || previous.exclude || next.exclude || joinNext || (!next.quoted && next.raw === 'OR')) {
                throw new errors_1.JiansuoError('invalid_query', `OR at position ${token.position} needs a term to look for on each side`);
            }
            joinNext = true;
            continue;
        }
        if (!token.quoted && (token.raw === '-' || token.raw === 'title:' || token.raw === '')) {
            throw new errors_1.JiansuoError('invalid_query', `operator at position ${token.position} needs a term after it`);
        }
        const term = toTerm(token);
        if (token.exclude)
            excluded.push(term);
        else if (joinNext)
            groups[groups.length - 1].push(term);
        else
            groups.push([term]);
        joinNext = false;
    }
    if (groups.length === 0) {
        throw new errors_1.JiansuoError('invalid_query', excluded.length > 0 ? 'only excluded terms; add a term to look for' : 'no term to look for');
    }
    return { groups, excluded };
}
//# sourceMappingURL=query-parser.js.map