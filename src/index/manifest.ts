import { dictionaryVersion, jiebaOf, parseUserDictionary, userDictionary, useUserDictionary, versionOf } from '../analysis';

/**
 * Version of the on-disk layout. Bump it with any change to what is written or to how text
 * is normalised or cut: an index of another version refuses to load.
 */
export const FORMAT_VERSION = 6;

/** How text was analysed; an index built otherwise would answer differently. */
export const ANALYZER = 'nfkc+lower+opencc-t2cn-per-char+drop-invisible;grams=1,2;jieba-search-hmm;latin-runs';

/** One immutable segment of a generation and the documents of it that are deleted (tombstones). */
export interface SegmentInfo {
  /** Folder of the segment inside the index folder (`seg-…`). */
  name: string;
  /** Documents stored in the segment, deleted ones included. */
  documents: number;
  /** Segment-local numbers of documents deleted or replaced since the segment was written, ascending. */
  deletedDocs: number[];
  /** The dictionary the segment's words were cut with; absent: the one its generation's analyzer records. */
  dictionaryVersion?: string;
}

/** `index/<generation>/manifest.json`: what the index is and how to check it. */
export interface Manifest {
  formatVersion: number;
  /**
   * How text is analysed. `dictionaryVersion` is the dictionary in force: queries and new
   * documents are cut with it, and `userDictionary` is its text (absent in indexes written
   * before it was recorded). Segments cut with another one are being cut again.
   */
  analyzer: { description: string; dictionaryVersion: string; userDictionary?: string };
  corpus: { path: string; fingerprint: string; filesSeen: number; rejected: number; utcOffsetMinutes: number };
  /** Live documents (stored minus deleted). */
  documentCount: number;
  builtAt: string;
  buildMs: number;
  /** The segments, in document order. */
  segments: SegmentInfo[];
  /** The start of `writes.log` whose writes the segments hold; replay skips it while the log still starts with it. */
  writeLog?: { bytes: number; sha256: string };
  /** Every id written (put or deleted) through the API and held by the segments: such a document is no corpus file's. */
  writtenIds?: string[];
  /**
   * In a shared store: the id of the last entry of the store's write stream whose writes the
   * segments hold. A node replays the stream after it; older entries are trimmed away.
   */
  writeStream?: string;
  /** Data file (path inside the index folder, `seg-…/docs.json`) → its size and checksum (see `fileChecksum`). */
  files: Record<string, { bytes: number; crc32: string }>;
}

/** The analyzer fields a manifest must carry to be loadable by this build of jiansuo. */
export function currentAnalyzer(): Manifest['analyzer'] {
  return { description: ANALYZER, dictionaryVersion: dictionaryVersion(), userDictionary: userDictionary().text };
}

/** What a segment merged from segments cut with different dictionaries records as its dictionary. */
export const MIXED_DICTIONARIES = 'mixed';

/** The dictionary a segment of `manifest` was cut with. */
export function segmentDictionary(manifest: Manifest, segment: SegmentInfo): string {
  return segment.dictionaryVersion ?? manifest.analyzer.dictionaryVersion;
}

/**
 * Why the dictionary `manifest` records cannot be put in force here, or `null` when it can:
 * it is the one in force, or its text is recorded and it is for this jieba.
 */
export function dictionaryIncompatibility(manifest: Manifest): string | null {
  const recorded = manifest.analyzer.dictionaryVersion;
  const current = dictionaryVersion();
  if (recorded === current) return null;
  if (jiebaOf(recorded) !== jiebaOf(current) || manifest.analyzer.userDictionary === undefined || versionOf(manifest.analyzer.userDictionary) !== recorded) {
    return `dictionary ${recorded}, this jiansuo uses ${current}`;
  }
  return null;
}

/**
 * Puts the dictionary `manifest` records in force in this process (see `useUserDictionary`),
 * when it is another one that can be: an index is served, and followed, with its own dictionary.
 */
export function useManifestDictionary(manifest: Manifest): void {
  const text = manifest.analyzer.userDictionary;
  if (text === undefined || manifest.analyzer.dictionaryVersion === dictionaryVersion() || dictionaryIncompatibility(manifest) !== null) return;
  useUserDictionary(parseUserDictionary(text, 'the index manifest', versionOf));
}
