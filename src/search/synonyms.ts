import { createHash } from 'node:crypto';
import { normalize } from '../analysis';
import { JiansuoError } from '../errors';

/** One line of a synonyms file, its entries as written. */
export type SynonymRule =
  /** `央行, 中国人民银行`: each entry finds the others. */
  | { line: number; kind: 'equivalent'; terms: string[] }
  /** `浙大 => 浙江大学`: an entry on the left finds those on the right, not the other way. */
  | { line: number; kind: 'one-way'; from: string[]; to: string[] };

/** What a rule says, whatever it was read from: its entries. */
export type RuleEntries = { kind: 'equivalent'; terms: string[] } | { kind: 'one-way'; from: string[]; to: string[] };

/** A rule pairing a stock code with a company name, and where it comes from. */
export type CodeRule =
  /** Articles write the name with the code (`海通证券(600837.SH)`): `articles` live ones. */
  | { kind: 'equivalent'; terms: string[]; source: 'mined'; articles: number }
  /** A line of the codes file (`JIANSUO_CODES`). */
  | { kind: 'equivalent'; terms: string[]; source: 'codes file'; line: number };

/** A set of synonym rules, as read from the text of a synonyms file. */
export interface Synonyms {
  /** The file text the rules were read from. */
  text: string;
  /** Identifies the text (a prefix of its SHA-256): equal on every node serving the same rules. */
  version: string;
  rules: SynonymRule[];
  /** Rules pairing stock codes with company names, in force with `rules` and not replaced with them. */
  codes?: readonly CodeRule[];
  /** Normalised term → its synonyms, normalised, in the order of the rules, without the term itself. */
  expansions: ReadonlyMap<string, readonly string[]>;
}

/** Entries are separated by commas, half- or full-width (a Chinese keyboard types `，`). */
const SEPARATOR = /[,，]/;

function entriesOf(part: string, where: string): string[] {
  const entries = part.split(SEPARATOR).map((entry) => entry.trim());
  if (entries.some((entry) => normalize(entry).trim() === '')) {
    throw new JiansuoError('invalid_synonyms', `${where}: empty entry (two commas in a row, or a comma at an end)`);
  }
  return entries;
}

const norms = (entries: string[]): string[] => [...new Set(entries.map((entry) => normalize(entry).trim()))];

function ruleOf(content: string, line: number, where: string): SynonymRule {
  const sides = content.split('=>');
  if (sides.length > 2) throw new JiansuoError('invalid_synonyms', `${where}: more than one "=>"`);
  if (sides.length === 2) {
    if (sides[0].trim() === '') throw new JiansuoError('invalid_synonyms', `${where}: nothing on the left of "=>"`);
    if (sides[1].trim() === '') throw new JiansuoError('invalid_synonyms', `${where}: nothing on the right of "=>"`);
    const from = entriesOf(sides[0], where);
    const to = entriesOf(sides[1], where);
    const left = new Set(norms(from));
    if (norms(to).every((entry) => left.has(entry))) {
      throw new JiansuoError('invalid_synonyms', `${where}: "=>" maps its entries only to themselves`);
    }
    return { line, kind: 'one-way', from, to };
  }
  const terms = entriesOf(content, where);
  if (norms(terms).length < 2) {
    throw new JiansuoError('invalid_synonyms', `${where}: "${content.trim()}" has no synonym (write two entries or more, separated by commas)`);
  }
  return { line, kind: 'equivalent', terms };
}

/** Normalised term → its synonyms, normalised, in the order of `rules`, without the term itself. */
export function expansionsOf(rules: readonly RuleEntries[]): Map<string, string[]> {
  const expansions = new Map<string, Set<string>>();
  const add = (from: string[], to: string[]): void => {
    for (const term of norms(from)) {
      const found = expansions.get(term) ?? new Set<string>();
      for (const synonym of norms(to)) if (synonym !== term) found.add(synonym);
      expansions.set(term, found);
    }
  };
  for (const rule of rules) {
    if (rule.kind === 'equivalent') add(rule.terms, rule.terms);
    else add(rule.from, rule.to);
  }
  return new Map([...expansions].filter(([, found]) => found.size > 0).map(([term, found]) => [term, [...found]]));
}

/**
 * Reads synonym rules in the file format of Solr and Elasticsearch: one rule per line,
 * `a, b, c` for entries equivalent to each other, `a, b => c` for one way; blank lines and
 * lines starting with `#` are skipped. Entries are normalised as query terms are. Rules do not
 * chain: `a, b` and `b, c` give `a` the synonym `b` only. Throws `invalid_synonyms` naming the
 * line (and `source`, when given) and what is wrong with it.
 *
 * @example parseSynonyms('央行, 中国人民银行\n浙大 => 浙江大学').expansions.get('央行') // ['中国人民银行']
 */
export function parseSynonyms(text: string, source?: string): Synonyms {
  const rules: SynonymRule[] = [];
  text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((content, i) => {
      const trimmed = content.trim();
      if (trimmed === '' || trimmed.startsWith('#')) return;
      rules.push(ruleOf(content, i + 1, source === undefined ? `line ${i + 1}` : `line ${i + 1} of ${source}`));
    });
  const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { text, version, rules, expansions: expansionsOf(rules) };
}

/** No rules: what a service serves when no synonyms file is configured. */
export const noSynonyms: Synonyms = parseSynonyms('');
