import type { SearchIndex } from '../index/search-index';
import type { ParsedQuery, Term } from './query-parser';

/** Normalised fields of one document, as the oracle sees them. */
export interface OracleText {
  title: string;
  body: string;
}

function contains(text: OracleText, term: Term): boolean {
  return text.title.includes(term.norm) || (term.field === 'any' && text.body.includes(term.norm));
}

/**
 * The definition of a match, by brute force: every document whose normalised text
 * satisfies the query, ascending. Tests and the benchmark hold the index to it.
 *
 * @example bruteForceMatches([{ title: '沪上券商抗疫', body: '' }], parseQuery('券商抗')) // [0]
 */
export function bruteForceMatches(texts: OracleText[], query: ParsedQuery): number[] {
  const docs: number[] = [];
  texts.forEach((text, doc) => {
    if (query.groups.every((group) => group.some((term) => contains(text, term))) && !query.excluded.some((term) => contains(text, term))) {
      docs.push(doc);
    }
  });
  return docs;
}

/**
 * The live documents of an index and their normalised texts, in document order: what the
 * oracle scans (position i of `texts` is document `docs[i]`).
 *
 * @example const { docs, texts } = liveTexts(index); bruteForceMatches(texts, query).map((i) => index.id(docs[i]))
 */
export function liveTexts(index: SearchIndex): { docs: number[]; texts: OracleText[] } {
  const docs = [...index.liveDocs()];
  return { docs, texts: docs.map((doc) => ({ title: index.normTitle(doc), body: index.normBody(doc) })) };
}
