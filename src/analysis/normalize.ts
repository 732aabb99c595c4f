import * as OpenCC from 'opencc-js';
import { BoundedCache } from './bounded-cache';

/**
 * Normalised text plus, for every UTF-16 unit of it, the span of the original string it came
 * from — so matches found on normalised text can be highlighted on the original characters.
 */
export interface NormalizedText {
  text: string;
  /** `starts[i]`: offset in the original string where normalised unit `i` begins. */
  starts: Uint32Array;
  /** `ends[i]`: offset in the original string just after normalised unit `i`'s source. */
  ends: Uint32Array;
}

/**
 * OpenCC's traditional → simplified conversion, applied to one character (cluster) at a time.
 *
 * The rule: a character normalises the same wherever it stands, so that whatever a query
 * cuts out of a text normalises to a piece of that text's normal form: a term matches every
 * text that holds it, at a phrase's edge as in its middle. OpenCC's phrase table is therefore
 * not applied. It rewrites a character by its neighbours (`乾` alone becomes `干`, in `乾隆` it
 * stays), so the query `乾` would miss `乾隆`; and its keys also occur across word boundaries
 * in simplified text (`破坏土耳其` holds `坏土` → `坯土`, `一批覆盖` holds `批覆` → `批复`),
 * which would hide those articles from the queries `破坏` and `覆盖`. The price: a form OpenCC
 * changes only inside a phrase stays as written (`瞭解` does not become `了解`), while every
 * form it changes alone (`證`, `後`, `髮`) matches its simplified form in both directions.
 */
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * Characters that render as nothing: Ctrl-F in a browser looks through them, and the corpus
 * has U+200C inside words, so they must not break a substring match.
 */
const INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

/** Combining marks join the preceding character so NFKC sees the whole cluster. */
const COMBINING_MARK = /\p{M}/u;

/**
 * Entries of the memo for clusters of several units (astral characters, letters with marks):
 * about 1 MB at most. News text has few of them; queries can send any number, so the least
 * recently used are dropped.
 */
export const CLUSTER_CACHE_LIMIT = 10_000;

/** Longer clusters (a letter under a pile of marks) are converted each time: they never recur. */
const CLUSTER_CACHE_MAX_UNITS = 8;

/** Results of {@link convertCluster} for clusters of two units or more. */
export const clusterCache = new BoundedCache<string, string>(CLUSTER_CACHE_LIMIT);

/** Results for single BMP code units, the bulk of the work (full-width punctuation, traditional characters). */
const unitResults = new Array<string | undefined>(0x10000);

function normalizeCluster(cluster: string): string {
  if (cluster.length === 1) return (unitResults[cluster.charCodeAt(0)] ??= convertCluster(cluster));
  if (cluster.length > CLUSTER_CACHE_MAX_UNITS) return convertCluster(cluster);
  let out = clusterCache.get(cluster);
  if (out === undefined) {
    out = convertCluster(cluster);
    clusterCache.set(cluster, out);
  }
  return out;
}

function convertCluster(cluster: string): string {
  let out = cluster;
  // Iterate to a fixed point so that normalising twice changes nothing, even where NFKC,
  // case folding and OpenCC feed each other (e.g. a full-width letter that folds to ASCII).
  for (let round = 0; round < 4; round++) {
    const next = dropControls(dropInvisible(toSimplified(out.normalize('NFKC').toLowerCase())));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * Controls other than \n become nothing (tab-like ones a space) so that stray bytes never split a
 * word; \n is kept because it separates paragraphs.
 */
function dropControls(s: string): string {
  return s.replace(/[\t\r\v\f]/g, ' ').replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');
}

function dropInvisible(s: string): string {
  let out = '';
  for (const ch of s) if (!INVISIBLE.has(ch.codePointAt(0)!)) out += ch;
  return out;
}

/** Per BMP code unit: 0 not yet known, 1 a combining mark, 2 not (a regex test per character is slow). */
const markState = new Uint8Array(0x10000);

function isMark(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0x300) return false;
  if (code >= 0xd800 && code < 0xdc00) return COMBINING_MARK.test(String.fromCodePoint(text.codePointAt(i)!));
  let state = markState[code];
  if (state === 0) {
    state = COMBINING_MARK.test(String.fromCharCode(code)) ? 1 : 2;
    markState[code] = state;
  }
  return state === 1;
}

/** Per BMP code unit: 0 not yet known, 1 normalises to itself, 2 changes. */
const unitState = new Uint8Array(0x10000);

function unitIsIdentity(code: number): boolean {
  let state = unitState[code];
  if (state === 0) {
    const ch = String.fromCharCode(code);
    state = convertCluster(ch) === ch ? 1 : 2;
    unitState[code] = state;
  }
  return state === 1;
}

/**
 * Normalises text for matching: NFKC (full-width → half-width), lower case, traditional →
 * simplified (OpenCC, character by character: see {@link toSimplified}), invisible characters
 * removed. The same function serves documents and queries.
 *
 * @example normalize('ＡＢ轮岗 海通證券') // 'ab轮岗 海通证券'
 */
export function normalize(text: string): string {
  let out = '';
  let copyFrom = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    // Most characters of a news text normalise to themselves: skip over them and copy whole
    // runs at once instead of building the output character by character.
    const surrogate = code >= 0xd800 && code < 0xe000;
    if (!surrogate && unitIsIdentity(code) && !(i + 1 < n && joinsPrevious(text, i + 1))) {
      i++;
      continue;
    }
    if (copyFrom < i) out += text.slice(copyFrom, i);
    const end = clusterEnd(text, i);
    out += normalizeCluster(text.slice(i, end));
    i = end;
    copyFrom = i;
  }
  return copyFrom === 0 ? text : out + text.slice(copyFrom);
}

/**
 * Like {@link normalize}, and also returns where each normalised unit came from.
 *
 * @example normalizeWithMap('ＡＢ').starts // Uint32Array [0, 1]
 */
export function normalizeWithMap(text: string): NormalizedText {
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let copyFrom = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    // Characters that normalise to themselves map one to one: copy them in runs, as `normalize` does.
    if (!(code >= 0xd800 && code < 0xe000) && unitIsIdentity(code) && !(i + 1 < n && joinsPrevious(text, i + 1))) {
      starts.push(i);
      ends.push(i + 1);
      i++;
      continue;
    }
    if (copyFrom < i) parts.push(text.slice(copyFrom, i));
    const end = clusterEnd(text, i);
    const piece = normalizeCluster(text.slice(i, end));
    for (let k = 0; k < piece.length; k++) {
      starts.push(i);
      ends.push(end);
    }
    parts.push(piece);
    i = end;
    copyFrom = i;
  }
  if (copyFrom < n) parts.push(text.slice(copyFrom));
  return { text: parts.join(''), starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

/** Per BMP code unit: 1 when it normalises to nothing (invisible ones, controls other than \t \n \v \f \r). */
const VANISHING = new Uint8Array(0x10000);
for (let code = 0; code < 0x20; code++) if (code < 0x09 || code > 0x0d) VANISHING[code] = 1;
VANISHING[0x7f] = 1;
for (const code of INVISIBLE) VANISHING[code] = 1;

function vanishes(code: number): boolean {
  return VANISHING[code] === 1;
}

/**
 * Whether the unit at `i` may end up joined to the character before it: a combining mark, or a
 * character that vanishes and so can bring a later mark next to that character.
 */
function joinsPrevious(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return vanishes(code) || (code >= 0x300 && isMark(text, i));
}

function unitLength(text: string, i: number): number {
  return text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) < 0xdc00 && i + 1 < text.length ? 2 : 1;
}

/**
 * A cluster is a character with the combining marks after it. Vanishing characters between the
 * two belong to it too: normalised apart, `e\u00ad\u0301` would give `e\u0301`, which a second
 * normalisation turns into `é`.
 */
function clusterEnd(text: string, i: number): number {
  let end = i + unitLength(text, i);
  for (;;) {
    let next = end;
    while (next < text.length && vanishes(text.charCodeAt(next))) next++;
    if (next === text.length || !isMark(text, next)) return end;
    end = next + unitLength(text, next);
  }
}

/**
 * Characters whose normalisation can be shorter than they are (dropped, or composed with a
 * neighbour). Without them, a normalised text of the same length maps unit to unit.
 */
const SHRINKS = /[\u0000-\u0008\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff\ud800-\udfff\p{M}]/u;

/**
 * Whether `normalized` (which must be `normalize(text)`) maps one unit to one unit onto `text`,
 * so that offsets found in one are offsets in the other — true of most news text, and it
 * spares building a map to draw highlights.
 *
 * @example alignsWithNormalized('ＡＢ轮岗', 'ab轮岗') // true
 */
export function alignsWithNormalized(text: string, normalized: string): boolean {
  return normalized.length === text.length && !SHRINKS.test(text);
}
