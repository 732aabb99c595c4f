import type { SearchIndex } from '../index/search-index';
import { mineCodes, type CodeMention } from './code-mining';

/** A company name and its stock code that articles write together, with the live articles that do. */
export interface MinedCode {
  /** Canonical code (see {@link canonicalCode}): `600837`, `00388.HK`. */
  code: string;
  /**
   * The canonical code, then each form the articles write it in that does not hold it (a
   * search for `600837` finds `600837.SH` already, one for `00388.HK` does not find `0388.HK`).
   */
  forms: string[];
  name: string;
  /** Live articles holding the pair. */
  articles: number;
}

/**
 * Grams every code in parentheses ends with (a digit or the last letter of an exchange:
 * `.sh` `.sz` `.bj` `.hk` `.o` `.oq` `.n` `.a`, then `)`): only the documents holding one of
 * them are read. Grams are indexed for every document, so the index itself finds them.
 */
const CLOSING_GRAMS = [...'0123456789hzjkoqna'].map((last) => `${last})`);

/** What is known of one index: the mentions of its documents below `minedUpTo`, and the pairs last counted. */
interface Mined {
  minedUpTo: number;
  mentions: Map<number, CodeMention[]>;
  countedAt: number;
  pairs: MinedCode[];
}

const minedOf = new WeakMap<SearchIndex, Mined>();

/** The documents numbered `from` and after that hold a gram a code in parentheses ends with, ascending. */
function candidates(index: SearchIndex, from: number): number[] {
  const docs = new Set<number>();
  index.forEachPart((part, base) => {
    if (base + part.documents <= from) return;
    for (const gram of CLOSING_GRAMS) {
      const posting = part.gramPosting(gram);
      if (posting) for (let i = 0; i < posting.length; i++) if (base + posting[i] >= from) docs.add(base + posting[i]);
    }
  });
  return [...docs].sort((a, b) => a - b);
}

/** The pairs of the live documents among `mentions`, which forgets the deleted ones. */
function countLive(index: SearchIndex, mentions: Map<number, CodeMention[]>): MinedCode[] {
  const pairs = new Map<string, { code: string; forms: Set<string>; name: string; docs: Set<number> }>();
  for (const [doc, found] of mentions) {
    // A deleted number is never live again (a replacement gets a new one).
    if (index.isDeleted(doc)) {
      mentions.delete(doc);
      continue;
    }
    for (const { code, form, name } of found) {
      const key = `${code}\n${name}`;
      const pair = pairs.get(key) ?? { code, forms: new Set([code]), name, docs: new Set<number>() };
      if (!form.includes(code)) pair.forms.add(form);
      pair.docs.add(doc);
      pairs.set(key, pair);
    }
  }
  return [...pairs.values()]
    .map(({ code, forms, name, docs }) => ({ code, forms: [...forms], name, articles: docs.size }))
    .sort((a, b) => b.articles - a.articles || (a.code < b.code ? -1 : a.code > b.code ? 1 : a.name < b.name ? -1 : 1));
}

/**
 * The company names and stock codes the live documents of `index` write together
 * (`海通证券(600837.SH)`), most articles first. Each document is mined once, when first asked
 * after it was added (a replaced document is a new one); a deleted document's pairs stop
 * counting at once, and a pair no live document holds is gone. So the pairs always follow the
 * documents served, whatever build, merge or write brought them. The same array is returned
 * until the pairs change.
 *
 * @example minedCodes(index)[0] // { code: '600837', forms: ['600837', '600837.SH'], name: '海通证券', articles: 2 }
 */
export function minedCodes(index: SearchIndex): MinedCode[] {
  let mined = minedOf.get(index);
  if (mined === undefined) {
    mined = { minedUpTo: 0, mentions: new Map(), countedAt: -1, pairs: [] };
    minedOf.set(index, mined);
  }
  if (mined.countedAt === index.generation) return mined.pairs;
  for (const doc of candidates(index, mined.minedUpTo)) {
    if (index.isDeleted(doc)) continue;
    const found = [...mineCodes(index.normTitle(doc)), ...mineCodes(index.normBody(doc))];
    if (found.length > 0) mined.mentions.set(doc, found);
  }
  mined.minedUpTo = index.documentCount;
  const pairs = countLive(index, mined.mentions);
  // The same array while the pairs stay the same: what is built from them need not be rebuilt.
  if (JSON.stringify(pairs) !== JSON.stringify(mined.pairs)) mined.pairs = pairs;
  mined.countedAt = index.generation;
  return mined.pairs;
}
