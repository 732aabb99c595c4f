import { hash } from 'node:crypto';
import { normalize } from '../analysis';
import type { Article } from '../corpus/article';
import type { IndexData } from './index-data';
import { GramPostings } from './gram-postings';
import { releasePages } from './mapped-file';
import { mergeSortedPostings } from './merge-postings';
import type { PostingLists } from './posting-lists';

/**
 * The three data files of a segment besides its sources:
 *
 * - `docs.bin`, the stored articles: each one's JSON, one after the other, in UTF-16LE (for
 *   Chinese text smaller than UTF-8, and decoded five times faster). A served index reads an
 *   article from it only when it shows one.
 * - `texts.bin`, every document's normalised title and body (UTF-16LE), what matches are
 *   verified on; a served index holds it as a few long strings.
 * - `segment.bin`, the rest of what a search needs, laid out to be used where it lies once
 *   read: a header (magic, header length, JSON naming each section's byte range, the ids and
 *   the facet values), then 8-byte-aligned sections of typed arrays — per document its stored
 *   range, date, field lengths, text range, facet values, near-duplicate signature; the normalised
 *   titles again, one after the other (a check of the titles of many documents then reads them
 *   in sequence, not one stride of a body apart each); per word, per gram and per gram of the
 *   titles alone, sorted keys (UTF-16) with their postings.
 */
export interface SegmentFiles {
  segment: Buffer;
  texts: Buffer;
  docs: Buffer;
}

const MAGIC = 0x4753534a; // "JSSG"

/** Kind and value of one facet value: a category, a tag or a month (`YYYY-MM`). */
export type FacetValue = ['categories' | 'tags' | 'months', string];

interface Header {
  documents: number;
  ids: string[];
  facetValues: FacetValue[];
  /** Section name → [byte offset, byte length]. */
  sections: Record<string, [number, number]>;
}

type SectionArray = Uint32Array | Float64Array | Uint16Array;

/** Facet values numbered in the order they are first seen. */
export class FacetNumbering {
  readonly values: FacetValue[] = [];
  private readonly ids = new Map<string, number>();

  /** The number of a value, given it if new. */
  idOf(value: FacetValue): number {
    const key = `${value[0]}\u0000${value[1]}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(key, id);
      this.values.push(value);
    }
    return id;
  }

  /** The number of a value, or `undefined` when it was never seen. */
  find(kind: FacetValue[0], name: string): number | undefined {
    return this.ids.get(`${kind}\u0000${name}`);
  }
}

/** The facet values of one article, as {@link FacetValue}s. */
export function facetValuesOf(article: Article): FacetValue[] {
  return [
    ...article.categories.map((name): FacetValue => ['categories', name]),
    ...article.tags.map((name): FacetValue => ['tags', name]),
    ...(article.date ? [['months', article.date.slice(0, 7)] as FacetValue] : []),
  ];
}

/** Milliseconds since the epoch of an article's date; `NaN` when it has none. */
export function dateMillis(date: string | null): number {
  return date === null ? Number.NaN : Date.parse(date);
}

function utf16(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Keys per segment below which short keys are sorted as packed numbers (key code × 2^21 + position stays exact in a double). */
const PACKED_SORT_LIMIT = 2 ** 21;

/**
 * Positions of `keys` in UTF-16 code-unit order (the order of `<` on strings). Grams (one or
 * two units) sort as numbers, first unit × 65536 + second (0 for a unigram, which sorts first);
 * longer keys with the default sort.
 */
function codeUnitOrder(keys: string[]): number[] {
  if (keys.length < PACKED_SORT_LIMIT && keys.every((key) => key.length <= 2)) {
    const packed = new Float64Array(keys.length);
    keys.forEach((key, k) => (packed[k] = (key.charCodeAt(0) * 65536 + (key.length > 1 ? key.charCodeAt(1) : 0)) * PACKED_SORT_LIMIT + k));
    packed.sort();
    return Array.from(packed, (value) => value % PACKED_SORT_LIMIT);
  }
  const positions = new Map<string, number>();
  keys.forEach((key, k) => positions.set(key, k));
  return [...keys].sort().map((key) => positions.get(key)!);
}

/** Keys sorted by UTF-16 code units, their text joined, and where each starts. */
function sortedKeys(lists: PostingLists): { order: number[]; text: Uint16Array; offsets: Uint32Array } {
  const order = codeUnitOrder(lists.keys);
  const keys = order.map((k) => lists.keys[k]);
  const offsets = new Uint32Array(order.length + 1);
  keys.forEach((key, i) => (offsets[i + 1] = offsets[i] + key.length));
  return { order, text: utf16(keys.join('')), offsets };
}

/** The postings of `lists` in the key order `order`. */
function reorder(lists: PostingLists, order: number[]): { offsets: Uint32Array; docs: Uint32Array; values?: Uint32Array } {
  const offsets = new Uint32Array(order.length + 1);
  const docs = new Uint32Array(lists.docs.length);
  const values = lists.values ? new Uint32Array(lists.docs.length) : undefined;
  order.forEach((k, i) => {
    const from = lists.offsets[k];
    const to = lists.offsets[k + 1];
    docs.set(lists.docs.subarray(from, to), offsets[i]);
    values?.set(lists.values!.subarray(from, to), offsets[i]);
    offsets[i + 1] = offsets[i] + to - from;
  });
  return { offsets, docs, ...(values ? { values } : {}) };
}

function postingSections(prefix: string, lists: PostingLists): Record<string, SectionArray> {
  const keys = sortedKeys(lists);
  return sortedSections(prefix, { keys: keys.text, keyOffsets: keys.offsets, ...reorder(lists, keys.order) });
}

/**
 * Writes one segment's data as its three files (see {@link SegmentFiles}).
 *
 * @example const { segment, docs } = encodeSegment(buildIndexData(articles).data)
 */
export function encodeSegment(data: IndexData): SegmentFiles {
  const n = data.docs.length;
  const storedParts = data.docs.map((article) => Buffer.from(JSON.stringify(article), 'utf16le'));
  const docOffsets = new Float64Array(n + 1);
  const docHashes = new Uint32Array(2 * n);
  storedParts.forEach((part, d) => {
    docOffsets[d + 1] = docOffsets[d] + part.byteLength;
    docHashes.set(storedHash(part), 2 * d);
  });
  const textOffsets = new Uint32Array(2 * n + 1);
  const texts: string[] = [];
  const facets = new FacetNumbering();
  const facetStarts = new Uint32Array(n + 1);
  const facetRefs: number[] = [];
  const dates = new Float64Array(n);
  const titleGrams = new GramPostings();
  const titles: string[] = [];
  const titleOffsets = new Uint32Array(n + 1);
  data.docs.forEach((article, d) => {
    const title = normalize(article.title);
    const body = normalize(article.text);
    texts.push(title, body);
    titles.push(title);
    titleOffsets[d + 1] = titleOffsets[d] + title.length;
    titleGrams.add(d, [title]);
    textOffsets[2 * d + 1] = textOffsets[2 * d] + title.length;
    textOffsets[2 * d + 2] = textOffsets[2 * d + 1] + body.length;
    dates[d] = dateMillis(article.date);
    for (const value of facetValuesOf(article)) facetRefs.push(facets.idOf(value));
    facetStarts[d + 1] = facetRefs.length;
  });
  const sections: Record<string, SectionArray> = {
    docOffsets,
    docHashes,
    dates,
    titleLengths: Uint32Array.from(data.titleLengths),
    bodyLengths: Uint32Array.from(data.bodyLengths),
    textOffsets,
    facetStarts,
    facetRefs: Uint32Array.from(facetRefs),
    signatures: data.signatures,
    titleUnits: utf16(titles.join('')),
    titleOffsets,
    ...postingSections('word', data.words),
    ...postingSections('gram', data.grams),
    ...postingSections('titleGram', titleGrams.lists()),
  };
  return {
    segment: layoutFile(
      data.docs.map((article) => article.id),
      facets.values,
      sections,
    ),
    texts: Buffer.from(texts.join(''), 'utf16le'),
    docs: Buffer.concat(storedParts),
  };
}

/** `segment.bin`: the header, then each section 8-byte aligned. */
function layoutFile(ids: string[], facetValues: FacetValue[], sections: Record<string, SectionArray>): Buffer {
  const ranges: Header['sections'] = {};
  let at = 0;
  for (const [name, array] of Object.entries(sections)) {
    ranges[name] = [at, array.byteLength];
    at += Math.ceil(array.byteLength / 8) * 8;
  }
  const header = Buffer.from(JSON.stringify({ documents: ids.length, ids, facetValues, sections: ranges } satisfies Header), 'utf8');
  const dataStart = Math.ceil((8 + header.byteLength) / 8) * 8;
  const segment = Buffer.alloc(dataStart + at);
  segment.writeUInt32LE(MAGIC, 0);
  segment.writeUInt32LE(header.byteLength, 4);
  header.copy(segment, 8);
  for (const [name, array] of Object.entries(sections)) {
    segment.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + ranges[name][0]);
  }
  return segment;
}

/**
 * Merges segments into one, without the documents `numberings` leaves out (-1; the others
 * numbered consecutively in order, as `segmentNumbering` does): stored articles, texts and
 * per-document columns are copied as bytes and postings merged in key order and renumbered
 * (see {@link mergeSortedPostings}), so a merge neither parses nor analyses a document, and
 * holds only the segments' files and its output in memory.
 *
 * @example mergeSegmentFiles([a, b], segmentNumbering([{ documents: 2, deletedDocs: [1] }, { documents: 3, deletedDocs: [] }]))
 */
export function mergeSegmentFiles(inputs: readonly SegmentFiles[], numberings: readonly Int32Array[]): SegmentFiles {
  const layouts = inputs.map((files) => decodeLayout(files.segment));
  const kept = layouts.map((layout, s) => {
    const docs: number[] = [];
    for (let doc = 0; doc < layout.documents; doc++) if (numberings[s][doc] >= 0) docs.push(doc);
    return docs;
  });
  const n = kept.reduce((sum, docs) => sum + docs.length, 0);
  const ids: string[] = [];
  const docOffsets = new Float64Array(n + 1);
  const docHashes = new Uint32Array(2 * n);
  const dates = new Float64Array(n);
  const titleLengths = new Uint32Array(n);
  const bodyLengths = new Uint32Array(n);
  const textOffsets = new Uint32Array(2 * n + 1);
  const facetStarts = new Uint32Array(n + 1);
  const facetRefs: number[] = [];
  const signatures = new Uint32Array(2 * n);
  const titleOffsets = new Uint32Array(n + 1);
  let t = 0;
  kept.forEach((docs, s) => {
    const offsets = layouts[s].titleOffsets;
    for (const doc of docs) {
      titleOffsets[t + 1] = titleOffsets[t] + offsets[doc + 1] - offsets[doc];
      t++;
    }
  });
  const titleUnits = new Uint16Array(titleOffsets[n]);
  const facets = new FacetNumbering();
  const storedParts: Buffer[] = [];
  const textParts: Buffer[] = [];
  let d = 0;
  layouts.forEach((layout, s) => {
    const facetOf = layout.facetValues.map((value) => facets.idOf(value));
    for (const doc of kept[s]) {
      ids.push(layout.ids[doc]);
      storedParts.push(inputs[s].docs.subarray(layout.docOffsets[doc], layout.docOffsets[doc + 1]));
      docOffsets[d + 1] = docOffsets[d] + layout.docOffsets[doc + 1] - layout.docOffsets[doc];
      docHashes[2 * d] = layout.docHashes[2 * doc];
      docHashes[2 * d + 1] = layout.docHashes[2 * doc + 1];
      dates[d] = layout.dates[doc];
      titleLengths[d] = layout.titleLengths[doc];
      bodyLengths[d] = layout.bodyLengths[doc];
      const [title, body, end] = [layout.textOffsets[2 * doc], layout.textOffsets[2 * doc + 1], layout.textOffsets[2 * doc + 2]];
      textParts.push(inputs[s].texts.subarray(title * 2, end * 2));
      textOffsets[2 * d + 1] = textOffsets[2 * d] + body - title;
      textOffsets[2 * d + 2] = textOffsets[2 * d + 1] + end - body;
      for (let r = layout.facetStarts[doc]; r < layout.facetStarts[doc + 1]; r++) facetRefs.push(facetOf[layout.facetRefs[r]]);
      facetStarts[d + 1] = facetRefs.length;
      signatures.set(layout.signatures.subarray(2 * doc, 2 * doc + 2), 2 * d);
      titleUnits.set(layout.titleUnits.subarray(layout.titleOffsets[doc], layout.titleOffsets[doc + 1]), titleOffsets[d]);
      d++;
    }
  });
  const sections: Record<string, SectionArray> = {
    docOffsets,
    docHashes,
    dates,
    titleLengths,
    bodyLengths,
    textOffsets,
    facetStarts,
    facetRefs: Uint32Array.from(facetRefs),
    signatures,
    titleUnits,
    titleOffsets,
    ...sortedSections('word', mergeSortedPostings(layouts.map((layout) => layout.words), numberings)),
    ...sortedSections('gram', mergeSortedPostings(layouts.map((layout) => layout.grams), numberings)),
    ...sortedSections('titleGram', mergeSortedPostings(layouts.map((layout) => layout.titleGrams), numberings)),
  };
  // Each input is read once: its pages go back to the kernel once copied, so that a merge does
  // not hold its inputs resident beside its output (inputs that are not mapped stay as they are).
  for (const files of inputs) releasePages(files.segment);
  const segment = layoutFile(ids, facets.values, sections);
  const texts = Buffer.concat(textParts);
  const docs = Buffer.concat(storedParts);
  for (const files of inputs) {
    releasePages(files.texts);
    releasePages(files.docs);
  }
  return { segment, texts, docs };
}

/** The sections of sorted postings: `{prefix}Keys`, `{prefix}KeyOffsets`, `{prefix}Offsets`, `{prefix}Docs` and `{prefix}Values`. */
function sortedSections(prefix: string, sorted: SortedPostings): Record<string, SectionArray> {
  return {
    [`${prefix}Keys`]: sorted.keys,
    [`${prefix}KeyOffsets`]: sorted.keyOffsets,
    [`${prefix}Offsets`]: sorted.offsets,
    [`${prefix}Docs`]: sorted.docs,
    ...(sorted.values ? { [`${prefix}Values`]: sorted.values } : {}),
  };
}

/** A decoded `segment.bin`: its header and its sections as views into the (aligned) bytes. */
export interface SegmentLayout {
  documents: number;
  ids: string[];
  facetValues: FacetValue[];
  docOffsets: Float64Array;
  /** Per stored article, the first 8 bytes of its SHA-256 (two words): checked whenever it is read. */
  docHashes: Uint32Array;
  dates: Float64Array;
  titleLengths: Uint32Array;
  bodyLengths: Uint32Array;
  textOffsets: Uint32Array;
  facetStarts: Uint32Array;
  facetRefs: Uint32Array;
  /** Per document its near-duplicate signature, two words (`[0, 0]`: none). */
  signatures: Uint32Array;
  /** The normalised titles, one after the other: title d is units `titleOffsets[d] … titleOffsets[d + 1] - 1`. */
  titleUnits: Uint16Array;
  titleOffsets: Uint32Array;
  words: SortedPostings;
  grams: SortedPostings;
  /**
   * The grams of the titles alone: which titles hold a term of one or two units, and the few
   * titles to check for a longer one, without reading every title of a match.
   */
  titleGrams: SortedPostings;
}

/** Postings under keys sorted by code units: key k is `keys[keyOffsets[k]] … keys[keyOffsets[k + 1] - 1]`. */
export interface SortedPostings {
  keys: Uint16Array;
  keyOffsets: Uint32Array;
  offsets: Uint32Array;
  docs: Uint32Array;
  values?: Uint32Array;
}

const SECTION_TYPES = {
  docOffsets: Float64Array,
  docHashes: Uint32Array,
  dates: Float64Array,
  titleLengths: Uint32Array,
  bodyLengths: Uint32Array,
  textOffsets: Uint32Array,
  facetStarts: Uint32Array,
  facetRefs: Uint32Array,
  signatures: Uint32Array,
  titleUnits: Uint16Array,
  titleOffsets: Uint32Array,
  wordKeys: Uint16Array,
  wordKeyOffsets: Uint32Array,
  wordOffsets: Uint32Array,
  wordDocs: Uint32Array,
  wordValues: Uint32Array,
  gramKeys: Uint16Array,
  gramKeyOffsets: Uint32Array,
  gramOffsets: Uint32Array,
  gramDocs: Uint32Array,
  titleGramKeys: Uint16Array,
  titleGramKeyOffsets: Uint32Array,
  titleGramOffsets: Uint32Array,
  titleGramDocs: Uint32Array,
} as const;

type SectionName = keyof typeof SECTION_TYPES;
type Sections = { [K in SectionName]: InstanceType<(typeof SECTION_TYPES)[K]> };

/**
 * Reads `segment.bin` into views of its sections (the bytes are copied once if the Buffer is
 * not 8-byte aligned). Throws a plain `Error` naming what does not add up.
 */
export function decodeLayout(bytes: Buffer): SegmentLayout {
  if (bytes.byteLength < 8 || bytes.readUInt32LE(0) !== MAGIC) throw new Error('not a jiansuo segment file');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as Header;
  const dataStart = Math.ceil((8 + headerLength) / 8) * 8;
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const sections = {} as Record<SectionName, SectionArray>;
  for (const [name, Type] of Object.entries(SECTION_TYPES) as Array<[SectionName, (typeof SECTION_TYPES)[SectionName]]>) {
    const range = header.sections[name];
    if (!range) {
      if (name === 'wordValues') continue;
      throw new Error(`section ${name} is missing`);
    }
    const [offset, length] = range;
    if (dataStart + offset + length > aligned.byteLength || length % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`section ${name} lies outside the file`);
    sections[name] = new Type(aligned.buffer as ArrayBuffer, aligned.byteOffset + dataStart + offset, length / Type.BYTES_PER_ELEMENT);
  }
  const s = sections as Sections;
  const n = header.documents;
  if (header.ids.length !== n || s.docOffsets.length !== n + 1 || s.docHashes.length !== 2 * n || s.textOffsets.length !== 2 * n + 1 || s.facetStarts.length !== n + 1 || s.titleLengths.length !== n || s.signatures.length !== 2 * n || s.titleOffsets.length !== n + 1 || s.titleOffsets[n] !== s.titleUnits.length) {
    throw new Error(`sections do not hold ${n} documents`);
  }
  return {
    documents: n,
    ids: header.ids,
    facetValues: header.facetValues,
    docOffsets: s.docOffsets,
    docHashes: s.docHashes,
    dates: s.dates,
    titleLengths: s.titleLengths,
    bodyLengths: s.bodyLengths,
    textOffsets: s.textOffsets,
    facetStarts: s.facetStarts,
    facetRefs: s.facetRefs,
    signatures: s.signatures,
    titleUnits: s.titleUnits,
    titleOffsets: s.titleOffsets,
    words: { keys: s.wordKeys, keyOffsets: s.wordKeyOffsets, offsets: s.wordOffsets, docs: s.wordDocs, ...(s.wordValues ? { values: s.wordValues } : {}) },
    grams: { keys: s.gramKeys, keyOffsets: s.gramKeyOffsets, offsets: s.gramOffsets, docs: s.gramDocs },
    titleGrams: { keys: s.titleGramKeys, keyOffsets: s.titleGramKeyOffsets, offsets: s.titleGramOffsets, docs: s.titleGramDocs },
  };
}

/** Text of UTF-16 units `from … to - 1`. */
export function unitsToString(units: Uint16Array, from: number, to: number): string {
  const CHUNK = 8192;
  let text = '';
  for (let at = from; at < to; at += CHUNK) text += String.fromCharCode(...units.subarray(at, Math.min(to, at + CHUNK)));
  return text;
}

function postingLists(sorted: SortedPostings): PostingLists {
  const keys: string[] = [];
  for (let k = 0; k + 1 < sorted.keyOffsets.length; k++) keys.push(unitsToString(sorted.keys, sorted.keyOffsets[k], sorted.keyOffsets[k + 1]));
  return { keys, offsets: sorted.offsets, docs: sorted.docs, ...(sorted.values ? { values: sorted.values } : {}) };
}

/** The first 8 bytes of the SHA-256 of one stored article, as two words. */
export function storedHash(bytes: Uint8Array): Uint32Array {
  const digest = hash('sha256', bytes, 'buffer');
  return Uint32Array.of(digest.readUInt32LE(0), digest.readUInt32LE(4));
}

/** One stored article of `docs.bin`. */
export function storedArticle(docs: Buffer, from: number, to: number): Article {
  return JSON.parse(docs.toString('utf16le', from, to)) as Article;
}

/** Throws unless `docs.bin` and `texts.bin` are as long as `segment.bin` says. */
export function checkSizes(layout: SegmentLayout, sizes: { texts: { byteLength: number }; docs: { byteLength: number } }): void {
  if (layout.docOffsets[layout.documents] !== sizes.docs.byteLength) throw new Error('docs.bin does not hold the documents segment.bin lists');
  if (layout.textOffsets[2 * layout.documents] * 2 !== sizes.texts.byteLength) throw new Error('texts.bin does not hold the texts segment.bin lists');
}

/**
 * Decodes a segment's files back into the data it was written from (for merges and
 * incremental builds, which rewrite documents rather than search them).
 */
export function decodeSegmentFiles(files: SegmentFiles): IndexData {
  const layout = decodeLayout(files.segment);
  checkSizes(layout, files);
  const docs: Article[] = [];
  for (let d = 0; d < layout.documents; d++) docs.push(storedArticle(files.docs, layout.docOffsets[d], layout.docOffsets[d + 1]));
  return {
    docs,
    titleLengths: Array.from(layout.titleLengths),
    bodyLengths: Array.from(layout.bodyLengths),
    signatures: layout.signatures.slice(),
    words: postingLists(layout.words),
    grams: postingLists(layout.grams),
  };
}
