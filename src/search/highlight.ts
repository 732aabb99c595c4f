import { normalizeWithMap } from '../analysis';
import { defaultParameters } from '../config';

/** Snippet shape: how many fragments, of about how many characters. */
export interface SnippetOptions {
  /** Most fragments in a snippet. */
  snippets: number;
  /** Aimed length of one fragment, in characters. */
  snippetChars: number;
}

export const defaultSnippetOptions: SnippetOptions = { snippets: defaultParameters.snippets, snippetChars: defaultParameters.snippetChars };

/**
 * Snippets look for matches in the first this-many characters only: an article of several
 * megabytes would otherwise cost every search that shows it a scan of the whole text.
 */
export const SNIPPET_SCAN_LIMIT = 200_000;

/** How far a fragment may stretch or shrink to end at a sentence boundary. */
const SENTENCE_SLACK = 24;
const SENTENCE_END = /[。！？；!?;\n]/;

interface Span {
  start: number;
  end: number;
  /** Index of the query term that matched. */
  term: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/** `normalize(text)` as the index stores it, and whether it aligns unit by unit with the text. */
export interface KnownNormalization {
  text: string;
  aligned: boolean;
}

/** Normalised text and its map to the original; no map arrays when the two align unit by unit. */
function mapping(text: string, known?: KnownNormalization): { text: string; start: (i: number) => number; end: (i: number) => number } {
  if (known?.aligned) return { text: known.text, start: (i) => i, end: (i) => i + 1 };
  const norm = normalizeWithMap(text);
  return { text: norm.text, start: (i) => norm.starts[i], end: (i) => norm.ends[i] };
}

/**
 * Where the normalised terms occur in the ORIGINAL text, as non-overlapping spans in original
 * offsets: a match found through normalisation (`海通證券` for `海通证券`) covers the original
 * characters, and a term is one span however jieba would split it. `known`, the index's stored
 * normalisation, saves normalising again when it aligns with the text.
 *
 * @example findMatches('海通證券', ['海通证券']) // [{ start: 0, end: 4, term: 0 }]
 */
export function findMatches(text: string, terms: string[], known?: KnownNormalization): Span[] {
  const norm = mapping(text, known);
  const spans: Span[] = [];
  terms.forEach((term, t) => {
    if (term.length === 0) return;
    for (let at = norm.text.indexOf(term); at >= 0; at = norm.text.indexOf(term, at + term.length)) {
      spans.push({ start: norm.start(at), end: norm.end(at + term.length - 1), term: t });
    }
  });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** `text[from, to)` escaped, with each span inside it wrapped in one `<mark>`. */
function markRange(text: string, spans: Span[], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue;
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    html += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

/**
 * The whole text, HTML-escaped, with every match of the terms in `<mark>`.
 *
 * @example highlight('海通證券<b>', ['海通证券']) // '<mark>海通證券</mark>&lt;b&gt;'
 */
export function highlight(text: string, terms: string[], known?: KnownNormalization): string {
  return markRange(text, findMatches(text, terms, known), 0, text.length);
}

/** Start of a fragment: just after a sentence end shortly before `from`, else `from`. */
function sentenceStart(text: string, from: number, latest: number): number {
  for (let i = from; i > Math.max(0, from - SENTENCE_SLACK); i--) {
    if (SENTENCE_END.test(text[i - 1])) return i;
  }
  for (let i = from; i < Math.min(latest, from + SENTENCE_SLACK); i++) {
    if (SENTENCE_END.test(text[i])) return i + 1;
  }
  return from;
}

/** End of a fragment: just after a sentence end shortly after `to`, else `to`. */
function sentenceEnd(text: string, to: number, earliest: number): number {
  for (let i = to; i < Math.min(text.length, to + SENTENCE_SLACK); i++) {
    if (SENTENCE_END.test(text[i])) return text[i] === '\n' ? i : i + 1;
  }
  for (let i = to; i > Math.max(earliest, to - SENTENCE_SLACK); i--) {
    if (SENTENCE_END.test(text[i - 1])) return text[i - 1] === '\n' ? i - 1 : i;
  }
  return to;
}

/** Trims white space at both ends of `[from, to)`, which a cut can leave. */
function trimRange(text: string, from: number, to: number): [number, number] {
  while (from < to && /\s/.test(text[from])) from++;
  while (to > from && /\s/.test(text[to - 1])) to--;
  return [from, to];
}

/**
 * `[from, to)` widened so that no match straddles either edge: a sentence end inside a term
 * (`例。截至11`) must not cut its mark in two.
 */
function outsideMatches(spans: Span[], from: number, to: number): [number, number] {
  for (const span of spans) {
    if (span.start < from && from < span.end) from = span.start;
    if (span.start < to && to < span.end) to = span.end;
  }
  return [from, to];
}

/** Ranges sorted by start, those that overlap or touch joined: a match is shown once. */
function joinOverlapping(ranges: Array<[number, number]>): Array<[number, number]> {
  const joined: Array<[number, number]> = [];
  for (const [from, to] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = joined[joined.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else joined.push([from, to]);
  }
  return joined;
}

/**
 * Up to `snippets` fragments of about `snippetChars` characters around the densest matches,
 * cut at sentence punctuation when one is near, `…` where text was cut, HTML-escaped with
 * `<mark>` around whole terms. Without a match in the text (or in its first
 * {@link SNIPPET_SCAN_LIMIT} characters), its opening is shown.
 *
 * @example snippet('沪上券商抗疫。其他内容。', ['券商抗'], { snippets: 1, snippetChars: 10 })
 * // '沪上<mark>券商抗</mark>疫。…'
 */
export function snippet(
  text: string,
  terms: string[],
  options: SnippetOptions = defaultSnippetOptions,
  known?: KnownNormalization,
): string {
  if (text.length > SNIPPET_SCAN_LIMIT) {
    text = text.slice(0, SNIPPET_SCAN_LIMIT);
    known = known?.aligned ? { text: known.text.slice(0, SNIPPET_SCAN_LIMIT), aligned: true } : undefined;
  }
  const spans = findMatches(text, terms, known);
  const width = Math.max(10, options.snippetChars);
  const windows: Array<[number, number]> = [];
  if (spans.length === 0) {
    windows.push([0, Math.min(text.length, width)]);
  } else {
    // Score a window centred on each match by the distinct terms it holds, then by matches.
    // Spans are sorted by start, so the spans inside a window are found from a binary search.
    const candidates = spans.map((span) => {
      const start = Math.max(0, Math.min(span.start - Math.floor((width - (span.end - span.start)) / 2), text.length - width));
      const end = Math.min(text.length, start + width);
      let first = 0;
      let last = spans.length;
      while (first < last) {
        const mid = (first + last) >> 1;
        if (spans[mid].start < start) first = mid + 1;
        else last = mid;
      }
      let terms = 0;
      let inside = 0;
      for (let j = first; j < spans.length && spans[j].start < end; j++) {
        if (spans[j].end > end) continue;
        inside++;
        terms |= 1 << Math.min(spans[j].term, 30);
      }
      let distinct = 0;
      for (; terms !== 0; terms &= terms - 1) distinct++;
      return { start, end, score: distinct * 1000 + inside };
    });
    candidates.sort((a, b) => b.score - a.score || a.start - b.start);
    for (const candidate of candidates) {
      if (windows.length >= options.snippets) break;
      if (windows.some(([s, e]) => candidate.start < e && s < candidate.end)) continue;
      windows.push([candidate.start, candidate.end]);
    }
    windows.sort((a, b) => a[0] - b[0]);
  }
  const ranges: Array<[number, number]> = [];
  for (const [start, end] of windows) {
    const firstMark = spans.find((s) => s.end > start && s.start < end);
    const lastMark = [...spans].reverse().find((s) => s.end > start && s.start < end);
    const from = start === 0 ? 0 : sentenceStart(text, start, firstMark ? firstMark.start : end);
    const to = end === text.length ? end : sentenceEnd(text, end, lastMark ? lastMark.end : start);
    ranges.push(outsideMatches(spans, ...trimRange(text, from, to)));
  }
  const fragments = joinOverlapping(ranges);
  if (fragments.length === 0) return '';
  const cutBefore = fragments[0][0] > 0;
  const cutAfter = fragments[fragments.length - 1][1] < trimRange(text, 0, text.length)[1];
  const parts = fragments.map(([from, to]) => markRange(text, spans, from, to).replace(/\n+/g, ' '));
  return (cutBefore ? '…' : '') + parts.join(' … ') + (cutAfter ? '…' : '');
}
