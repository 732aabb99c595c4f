import type { SearchIndex } from '../index/search-index';
import type { ParsedQuery, Term } from './query-parser';
import { bm25, type RankOptions, type ScoredTerm } from './rank';
import type { Synonyms } from './synonyms';

/**
 * What a synonym's match counts in BM25 against a match of the term as typed: a document
 * holding what the reader typed ranks above one that holds only a synonym of it, unless the
 * synonym stands out much more in that document (say in its headline, against one mention in
 * the body).
 */
export const SYNONYM_WEIGHT = 0.5;

/** `terms` followed by the synonyms of each that is not quoted, leaving out what is there already. */
function withSynonyms(terms: Term[], synonyms: Synonyms): Term[] {
  const expanded = [...terms];
  for (const term of terms) {
    // Quotes ask for exactly that text.
    if (term.quoted) continue;
    for (const norm of synonyms.expansions.get(term.norm) ?? []) {
      if (expanded.some((other) => other.norm === norm && other.field === term.field)) continue;
      expanded.push({ raw: norm, norm, field: term.field, synonymOf: term });
    }
  }
  return expanded;
}

/**
 * The query with each term's synonyms as alternatives of it (an OR group), matched as
 * substrings like the term and in the same field. An excluded term excludes its synonyms too:
 * `-央行` leaves out the articles that say 中国人民银行 as well. A quoted term is not expanded.
 *
 * @example expandSynonyms(parseQuery('央行 降准'), parseSynonyms('央行, 中国人民银行')).groups[0].map((t) => t.norm)
 * // ['央行', '中国人民银行']
 */
export function expandSynonyms(query: ParsedQuery, synonyms: Synonyms): ParsedQuery {
  if (synonyms.expansions.size === 0) return query;
  return { groups: query.groups.map((group) => withSynonyms(group, synonyms)), excluded: withSynonyms(query.excluded, synonyms) };
}

/**
 * BM25 scores as {@link bm25} computes them, a synonym's contribution weighted by
 * {@link SYNONYM_WEIGHT}; without synonyms among `terms`, exactly `bm25`'s.
 */
export function bm25WithSynonyms(index: SearchIndex, matched: number[], terms: ScoredTerm[], options: RankOptions): Float64Array {
  const typed = terms.filter(({ term }) => term.synonymOf === undefined);
  if (typed.length === terms.length) return bm25(index, matched, terms, options);
  const scores = bm25(index, matched, typed, options);
  const added = bm25(
    index,
    matched,
    terms.filter(({ term }) => term.synonymOf !== undefined),
    options,
  );
  added.forEach((score, i) => (scores[i] += SYNONYM_WEIGHT * score));
  return scores;
}

/**
 * The `explain` fields of a term about synonyms: a typed term lists the synonyms it was
 * expanded to (those among `terms`), a synonym names the term it stands for.
 */
export function synonymExplanation(term: Term, terms: Term[]): { synonyms?: string[]; synonymOf?: string } {
  if (term.synonymOf) return { synonymOf: term.synonymOf.raw };
  const synonyms = terms.filter((other) => other.synonymOf === term).map((other) => other.norm);
  return synonyms.length > 0 ? { synonyms } : {};
}
