import * as path from 'node:path';
import { segmentNumbering, type IndexData } from './index-data';
import type { Manifest, SegmentInfo } from './manifest';
import { currentGeneration, readManifest, readSegment } from './persist';
import type { SearchIndex } from './search-index';

/** Where generations come from: a folder, or a shared store. */
export interface GenerationFeed {
  /** The name of the generation served now (cheap: called every tick). */
  current: () => Promise<string | null>;
  /** A generation's manifest, read together with its name. */
  manifest: () => Promise<{ generation: string; manifest: Manifest }>;
  /** One segment's data, checked against the manifest of `generation`. */
  segment: (generation: string, manifest: Manifest, segment: SegmentInfo) => Promise<IndexData>;
}

/** The generations of an index folder: `CURRENT`, its manifest, the segment folders. */
export function folderFeed(dir: string): GenerationFeed {
  return {
    current: () => currentGeneration(dir),
    manifest: async () => {
      const { manifest, genDir } = await readManifest(dir);
      return { generation: path.basename(genDir), manifest };
    },
    segment: async (_generation, manifest, segment) => (await readSegment(dir, manifest, segment)).data,
  };
}

/** Documents added between two turns of the event loop while a generation is applied. */
const YIELD_EVERY = 64;

/** Where each document of a segment lives in the served index (`-1`: not served). */
type SegmentDocs = Map<string, number[]>;

function sameArticle(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The document numbers of the segments `manifest` lists, as `indexFromSegments` numbered them. */
function loadedDocs(manifest: Manifest): SegmentDocs {
  const numberings = segmentNumbering(manifest.segments);
  return new Map(manifest.segments.map((segment, s) => [segment.name, Array.from(numberings[s])]));
}

/**
 * Brings a served index from the generation `served` to the generation `next` in place:
 * documents of new segments are added (or, when a merge only moved them, recognised as the
 * ones already served), tombstoned and merged-away documents removed. Each document changes in
 * one synchronous step, so a search sees it either before or after, and searches run between
 * batches of documents. Documents written through
 * the API since the service started are left as written: a write is newer than any corpus file.
 */
async function applyGeneration(
  index: SearchIndex,
  feed: GenerationFeed,
  served: SegmentDocs,
  generation: string,
  next: Manifest,
): Promise<{ docs: SegmentDocs; added: number; removed: number }> {
  const docs: SegmentDocs = new Map();
  const kept = new Set<number>();
  let added = 0;
  let removed = 0;
  for (const info of next.segments) {
    const deleted = new Set(info.deletedDocs);
    let numbers = served.get(info.name);
    if (!numbers) {
      const data = await feed.segment(generation, next, info);
      numbers = [];
      for (const [i, article] of data.docs.entries()) {
        // Let searches run between batches: a segment holds up to thousands of documents.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
        const current = index.docNumber(article.id);
        if (deleted.has(i) || index.written.has(article.id)) numbers.push(-1);
        else if (current !== undefined && sameArticle(index.docs[current], article)) numbers.push(current);
        else {
          added++;
          numbers.push(index.upsert(article));
        }
      }
    }
    numbers = numbers.map((doc, i) => (deleted.has(i) ? -1 : doc));
    for (const doc of numbers) if (doc >= 0) kept.add(doc);
    docs.set(info.name, numbers);
  }
  for (const numbers of served.values()) {
    for (const doc of numbers) {
      if (doc < 0 || kept.has(doc)) continue;
      const { id } = index.docs[doc];
      if (!index.written.has(id) && index.docNumber(id) === doc && index.remove(id)) removed++;
    }
  }
  return { docs, added, removed };
}

/** What {@link followGeneration} reports. */
export interface FollowOptions {
  /** How often the feed's current generation is read. */
  intervalMs: number;
  onChange?: (change: { generation: string; manifest: Manifest; added: number; removed: number; ms: number }) => void;
  onError?: (error: Error) => void;
}

/**
 * Keeps a served index in step with where it was loaded from: every `intervalMs` the feed's
 * current generation is read, and a new one (an incremental `npm run index`, a merge, an
 * upload to the store) is applied to the index in place, without a restart, letting searches
 * run between batches of documents. A generation that cannot be read
 * is reported and tried again at the next tick. `generation` and `manifest` are what the index
 * was loaded from.
 *
 * @example const { index, manifest, generation } = await readIndex('index');
 * const follower = followGeneration(index, folderFeed('index'), generation, manifest, { intervalMs: 1000 });
 */
export function followGeneration(index: SearchIndex, feed: GenerationFeed, generation: string, manifest: Manifest, options: FollowOptions): { stop: () => void } {
  let served = loadedDocs(manifest);
  let serving = generation;
  let busy = false;
  const tick = async (): Promise<void> => {
    if ((await feed.current()) === serving) return;
    const started = performance.now();
    const next = await feed.manifest();
    const result = await applyGeneration(index, feed, served, next.generation, next.manifest);
    served = result.docs;
    serving = next.generation;
    options.onChange?.({ generation: next.generation, manifest: next.manifest, added: result.added, removed: result.removed, ms: performance.now() - started });
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    tick()
      .catch((error: Error) => options.onError?.(error))
      .finally(() => (busy = false));
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
