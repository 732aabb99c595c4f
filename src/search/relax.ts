import { segmentNormalized } from '../analysis';
import type { ParsedQuery, Term } from './query-parser';

/**
 * The relaxed form of a query, tried when it matches nothing: each term of several jieba
 * words becomes those words, each of which must occur (anywhere).
 * A quoted phrase stays as it is: its quotes ask for exactly that text.
 */
export function relax(query: ParsedQuery): { query: ParsedQuery; relaxedInto: Map<Term, string[]> } | null {
  const relaxedInto = new Map<Term, string[]>();
  const groups: Term[][] = [];
  for (const group of query.groups) {
    if (group.length > 1) {
      groups.push(group);
      continue;
    }
    const term = group[0];
    const words = term.quoted ? [] : [...new Set(segmentNormalized(term.norm).filter((t) => !t.sub).map((t) => t.word))];
    if (words.length > 1) {
      relaxedInto.set(term, words);
      for (const word of words) groups.push([{ raw: word, norm: word, field: term.field }]);
    } else {
      groups.push(group);
    }
  }
  return relaxedInto.size === 0 ? null : { query: { groups, excluded: query.excluded }, relaxedInto };
}
