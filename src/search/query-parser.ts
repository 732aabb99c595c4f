import { normalize } from '../analysis';
import { defaultLimits } from '../config';
import { JiansuoError } from '../errors';

/** One term of a query, as typed and as matched. */
export interface Term {
  /** As typed, without quotes or operators. */
  raw: string;
  /** Normalised (NFKC, lower case, traditional to simplified): what must occur as a substring. */
  norm: string;
  /** `title` for `title:term`, else the title or the body. */
  field: 'any' | 'title';
  /** Set for a `"quoted phrase"`: the reader asked for exactly this text, so it is never relaxed. */
  quoted?: true;
  /** Set on a term a synonym rule added: the term as typed whose synonym it is. */
  synonymOf?: Term;
  /** Set on a Chinese word added because a term spells it in pinyin: that term. */
  pinyinOf?: Term;
}

/**
 * A parsed query: every group must match (AND); a group matches when one of its terms does
 * (OR); no excluded term may match.
 */
export interface ParsedQuery {
  groups: Term[][];
  excluded: Term[];
}

/** Limits of the parser; the service passes its configured values. */
export interface QueryParserOptions {
  /** Longest accepted query, in characters. */
  maxLength: number;
  /** Most terms (including excluded ones) in one query. */
  maxTerms: number;
}

export const defaultQueryParserOptions: QueryParserOptions = { maxLength: defaultLimits.maxQueryLength, maxTerms: 32 };

interface Token {
  raw: string;
  quoted: boolean;
  exclude: boolean;
  field: 'any' | 'title';
  position: number;
}

const WHITESPACE = /\s/u;
// Control characters other than white space are never typed by a person; they come from
// broken clients or probes and would otherwise match nothing silently.
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/u;

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (WHITESPACE.test(query[i])) {
      i++;
      continue;
    }
    const position = i;
    let exclude = false;
    let field: Token['field'] = 'any';
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
      if (close < 0) throw new JiansuoError('invalid_query', `unbalanced quote at position ${i}`);
      tokens.push({ raw: query.slice(i + 1, close), quoted: true, exclude, field, position });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < query.length && !WHITESPACE.test(query[end]) && query[end] !== '"') end++;
    tokens.push({ raw: query.slice(i, end), quoted: false, exclude, field, position });
    i = end;
  }
  return tokens;
}

function toTerm(token: Token): Term {
  const norm = normalize(token.raw).trim();
  if (norm.length === 0) {
    throw new JiansuoError('invalid_query', `empty term at position ${token.position}`);
  }
  return token.quoted ? { raw: token.raw, norm, field: token.field, quoted: true } : { raw: token.raw, norm, field: token.field };
}

/**
 * Parses a query string: white space separates ANDed terms, `"…"` quotes a phrase,
 * `-term` excludes, `a OR b` is a disjunction (binding tighter than AND), `title:term`
 * matches titles only.
 *
 * @example parseQuery('海通 OR 国泰 -"AB轮岗"')
 * // { groups: [[{ raw: '海通', norm: '海通', field: 'any' }, { raw: '国泰', … }]],
 * //   excluded: [{ raw: 'AB轮岗', norm: 'ab轮岗', field: 'any' }] }
 */
export function parseQuery(query: string, options: QueryParserOptions = defaultQueryParserOptions): ParsedQuery {
  if (query.length > options.maxLength) {
    throw new JiansuoError('query_too_long', `${query.length} characters, the limit is ${options.maxLength}`);
  }
  const control = CONTROL.exec(query);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new JiansuoError('invalid_query', `control character U+${code} at position ${control.index}`);
  }
  if (query.trim().length === 0) throw new JiansuoError('invalid_query', 'the query is empty');
  const tokens = tokenize(query);
  if (tokens.length > options.maxTerms) {
    throw new JiansuoError('invalid_query', `${tokens.length} terms, the limit is ${options.maxTerms}`);
  }
  const groups: Term[][] = [];
  const excluded: Term[] = [];
  let joinNext = false;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    const isOr = !token.quoted && !token.exclude && token.field === 'any' && token.raw === 'OR';
    if (isOr) {
      const previous = tokens[k - 1];
      const next = tokens[k + 1];
      if (!previous || !next || previous.exclude || next.exclude || joinNext || (!next.quoted && next.raw === 'OR')) {
        throw new JiansuoError('invalid_query', `OR at position ${token.position} needs a term to look for on each side`);
      }
      joinNext = true;
      continue;
    }
    if (!token.quoted && (token.raw === '-' || token.raw === 'title:' || token.raw === '')) {
      throw new JiansuoError('invalid_query', `operator at position ${token.position} needs a term after it`);
    }
    const term = toTerm(token);
    if (token.exclude) excluded.push(term);
    else if (joinNext) groups[groups.length - 1].push(term);
    else groups.push([term]);
    joinNext = false;
  }
  if (groups.length === 0) {
    throw new JiansuoError('invalid_query', excluded.length > 0 ? 'only excluded terms; add a term to look for' : 'no term to look for');
  }
  return { groups, excluded };
}

/**
 * `terms` followed by the alternatives `alternativesOf` gives each term (its synonyms, the words
 * its pinyin spells), leaving out a text the list already holds in the same field.
 *
 * @example withAlternatives(parseQuery('央行').groups[0], (t) => [{ ...t, raw: '中国人民银行', norm: '中国人民银行' }]).length // 2
 */
export function withAlternatives(terms: Term[], alternativesOf: (term: Term) => Term[]): Term[] {
  const expanded = [...terms];
  for (const term of terms) {
    for (const alternative of alternativesOf(term)) {
      if (!expanded.some((other) => other.norm === alternative.norm && other.field === alternative.field)) expanded.push(alternative);
    }
  }
  return expanded;
}
