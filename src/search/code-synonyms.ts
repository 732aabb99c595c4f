import { readFile } from 'node:fs/promises';
import { normalize } from '../analysis';
import { JiansuoError } from '../errors';
import type { SearchIndex } from '../index/search-index';
import { canonicalCode } from './code-mining';
import { minedCodes, type MinedCode } from './mined-codes';
import type { SynonymRules } from './synonym-rules';
import { expansionsOf, noSynonyms, parseSynonyms, type CodeRule, type Synonyms } from './synonyms';

/** A code's canonical form first, then the entries as written (a name or another form of the code). */
function withCanonicalCodes(terms: string[]): string[] {
  const canonical = terms.map((term) => canonicalCode(normalize(term).trim())).filter((code) => code !== null);
  return [...new Set([...canonical, ...terms])];
}

/**
 * Reads a codes file: the synonyms format, one line per security, a stock code in any written
 * form and the company's names (`600837, 海通证券`; `00388.HK, 港交所, 香港交易所`). Throws
 * `invalid_synonyms` naming the line of a rule that is one-way or names no stock code.
 *
 * @example parseCodes('0388.hk, 港交所').codes // [{ kind: 'equivalent', terms: ['00388.HK', '0388.hk', '港交所'], source: 'codes file', line: 1 }]
 */
export function parseCodes(text: string, source: string): Synonyms {
  const parsed = parseSynonyms(text, source);
  const codes = parsed.rules.map((rule): CodeRule => {
    const where = `line ${rule.line} of ${source}`;
    if (rule.kind === 'one-way') throw new JiansuoError('invalid_synonyms', `${where}: a code and its names find each other; write them separated by commas, without "=>"`);
    if (!rule.terms.some((term) => canonicalCode(normalize(term).trim()) !== null)) {
      throw new JiansuoError('invalid_synonyms', `${where}: "${rule.terms.join(', ')}" has no stock code (write the code and the names: 600837, 海通证券)`);
    }
    return { kind: 'equivalent', terms: withCanonicalCodes(rule.terms), source: 'codes file', line: rule.line };
  });
  return { ...parsed, rules: [], codes, expansions: expansionsOf(codes) };
}

/**
 * The codes file `JIANSUO_CODES`, or no codes when none is configured. Throws `invalid_parameter`
 * when it cannot be read, `invalid_synonyms` naming its malformed line.
 */
export async function loadCodes(file: string | null): Promise<Synonyms> {
  if (file === null) return noSynonyms;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new JiansuoError('invalid_parameter', `JIANSUO_CODES: cannot read "${file}" (${error.code ?? error.message})`);
  });
  return parseCodes(text, file);
}

function minedRule({ forms, name, articles }: MinedCode): CodeRule {
  return { kind: 'equivalent', terms: [...forms, name], source: 'mined', articles };
}

/**
 * The rules in force: the user's synonyms, then the codes file's pairs, then the pairs the
 * articles write (each an equivalent rule). Replacing the user's rules leaves the others. The
 * version stays that of the user's text: the pairs follow the documents served.
 *
 * @example withCodes(parseSynonyms('央行, 中国人民银行'), noSynonyms, [{ code: '600837', forms: ['600837'], name: '海通证券', articles: 1 }]).expansions.get('600837') // ['海通证券']
 */
export function withCodes(user: Synonyms, codesFile: Synonyms, mined: readonly MinedCode[]): Synonyms {
  if (mined.length === 0 && (codesFile.codes ?? []).length === 0) return user;
  const codes = [...(codesFile.codes ?? []), ...mined.map(minedRule)];
  return { ...user, codes, expansions: expansionsOf([...user.rules, ...codes]) };
}

/**
 * The synonyms `user` serves with the stock codes of `codesFile` and those mined from `index`
 * added: what searches and `GET /api/synonyms` see. A replacement replaces the user's rules only.
 *
 * @example new CodeSynonyms(new LocalSynonyms(noSynonyms), index, await loadCodes(config.codesFile))
 */
export class CodeSynonyms implements SynonymRules {
  private served: { user: Synonyms; mined: readonly MinedCode[]; synonyms: Synonyms } | null = null;

  constructor(
    private readonly user: SynonymRules,
    private readonly index: SearchIndex,
    private readonly codesFile: Synonyms = noSynonyms,
  ) {}

  current(): Synonyms {
    const user = this.user.current();
    const mined = minedCodes(this.index);
    if (this.served?.user !== user || this.served.mined !== mined) {
      this.served = { user, mined, synonyms: withCodes(user, this.codesFile, mined) };
    }
    return this.served.synonyms;
  }

  replace(synonyms: Synonyms): Promise<void> {
    return this.user.replace(synonyms);
  }
}
