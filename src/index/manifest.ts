import { dictionaryVersion } from '../analysis';

/**
 * Version of the on-disk layout. Bump it with any change to what is written or to how text
 * is normalised or cut: an index of another version refuses to load.
 */
export const FORMAT_VERSION = 4;

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
}

/** `index/<generation>/manifest.json`: what the index is and how to check it. */
export interface Manifest {
  formatVersion: number;
  analyzer: { description: string; dictionaryVersion: string };
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
  /** Data file (path inside the index folder, `seg-…/docs.json`) → its size and SHA-256. */
  files: Record<string, { bytes: number; sha256: string }>;
}

/** The analyzer fields a manifest must carry to be loadable by this build of jiansuo. */
export function currentAnalyzer(): Manifest['analyzer'] {
  return { description: ANALYZER, dictionaryVersion: dictionaryVersion() };
}
