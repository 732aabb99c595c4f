import type { SearchIndex } from '../index/search-index';
import { withAlternatives, type ParsedQuery, type Term } from './query-parser';
import { bm25, bm25Bounded, type BoundedScores, type RankOptions, type ScoredTerm } from './rank';
import { canonicalCode } from './code-mining';
import type { DocList } from './sorted';
import type { Synonyms } from './synonyms';

/**
 * What a synonym's match counts in BM25 against a match of the term as typed: a document
 * holding what the reader typed ranks above one that holds only a synonym of it, unless the
 * synonym stands out much more in that document (say in its headline, against one mention in
 * the body).
 */
export const SYNONYM_WEIGHT = 0.25;

/**
 * The synonyms of a normalised term; a stock code written in another form than the rules write
 * it (`600837.sh`, `388.hk`) has those of its canonical form, and that form as one more.
 */
function synonymsOf(synonyms: Synonyms, norm: string): readonly string[] {
  const found = synonyms.expansions.get(norm);
  if (found !== undefined) return found;
  const code = canonicalCode(norm)?.toLowerCase();
  if (code === undefined || code === norm) return [];
  const ofCode = synonyms.expansions.get(code);
  return ofCode === undefined ? [] : [code, ...ofCode.filter((synonym) => synonym !== norm)];
}

/** `terms` followed by the synonyms of each that is not quoted (quotes ask for exactly that text). */
function withSynonyms(terms: Term[], synonyms: Synonyms): Term[] {
  return withAlternatives(terms, (term) =>
    term.quoted ? [] : synonymsOf(synonyms, term.norm).map((norm): Term => ({ raw: norm, norm, field: term.field, synonymOf: term })),
  );
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
 * BM25 scores as {@link bm25Bounded} computes them, except for a term with synonyms and its synonyms:
 * each of these counts only in the documents it occurs in (its words would otherwise credit a
 * document that holds only a synonym), a synonym weighted by {@link SYNONYM_WEIGHT}. Without
 * synonyms among `terms`, exactly `bm25Bounded`'s scores (bounds included); with them, exact scores.
 */
export function bm25WithSynonyms(index: SearchIndex, matched: DocList, terms: ScoredTerm[], options: RankOptions): BoundedScores {
  const expanded = new Set(terms.map(({ term }) => term.synonymOf).filter((term) => term !== undefined));
  if (expanded.size === 0) return bm25Bounded(index, matched, terms, options);
  const ownDocsOnly = ({ term }: ScoredTerm): boolean => term.synonymOf !== undefined || expanded.has(term);
  const scores = bm25(
    index,
    matched,
    terms.filter((scored) => !ownDocsOnly(scored)),
    options,
  );
  for (const scored of terms.filter(ownDocsOnly)) {
    const own = bm25(index, scored.docs, [scored], options);
    const weight = scored.term.synonymOf === undefined ? 1 : SYNONYM_WEIGHT;
    // The term's documents are an ascending part of the ascending matched ones.
    let i = 0;
    scored.docs.forEach((doc, k) => {
      while (matched[i] !== doc) i++;
      scores[i] += weight * own[k];
    });
  }
  return { scores };
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
