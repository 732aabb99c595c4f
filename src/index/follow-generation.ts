import * as path from 'node:path';
import { useManifestDictionary, type Manifest, type SegmentInfo } from './manifest';
import { currentGeneration, readManifest } from './index-folder';
import { readSegmentPart } from './read-index';
import type { SearchIndex } from './search-index';
import type { SegmentPart } from './segment-part';

/** Where generations come from: a folder, or a shared store. */
export interface GenerationFeed {
  /** The name of the generation served now (cheap: called every tick). */
  current: () => Promise<string | null>;
  /** A generation's manifest, read together with its name. */
  manifest: () => Promise<{ generation: string; manifest: Manifest }>;
  /** One segment as a search reads it, checked against the manifest of `generation`. */
  segment: (generation: string, manifest: Manifest, segment: SegmentInfo) => Promise<SegmentPart>;
}

/** The generations of an index folder: `CURRENT`, its manifest, the segment folders. */
export function folderFeed(dir: string): GenerationFeed {
  return {
    current: () => currentGeneration(dir),
    manifest: async () => {
      const { manifest, genDir } = await readManifest(dir);
      return { generation: path.basename(genDir), manifest };
    },
    segment: (_generation, manifest, segment) => readSegmentPart(dir, manifest, segment),
  };
}

/** Where a served segment's documents are numbered in the index, and which of them its generation deleted. */
interface ServedSegment {
  base: number;
  documents: number;
  deleted: Set<number>;
}

/** The segments `manifest` lists, numbered as `readIndex` numbered them: one after the other. */
function loadedSegments(manifest: Manifest): Map<string, ServedSegment> {
  let base = 0;
  return new Map(
    manifest.segments.map((segment) => {
      const served = { base, documents: segment.documents, deleted: new Set(segment.deletedDocs) };
      base += segment.documents;
      return [segment.name, served];
    }),
  );
}

/**
 * Brings a served index from the generation `served` to the generation `next` in place: each
 * new segment is read and appended whole (its documents replace those of the same id), new
 * tombstones and the documents of segments the generation no longer lists are removed. Each
 * segment changes in one synchronous step, so a search sees it either before or after, and
 * searches run between segments. Nothing is analysed again. Documents written through the API
 * since the service started are left as written: a write is newer than any corpus file.
 */
async function applyGeneration(
  index: SearchIndex,
  feed: GenerationFeed,
  served: Map<string, ServedSegment>,
  generation: string,
  next: Manifest,
): Promise<{ segments: Map<string, ServedSegment>; added: number; removed: number }> {
  const segments = new Map<string, ServedSegment>();
  let added = 0;
  let removed = 0;
  const removeServed = (doc: number): void => {
    if (index.isDeleted(doc) || index.written.has(index.id(doc))) return;
    index.removeNumber(doc);
    removed++;
  };
  const listed = new Set(next.segments.map((segment) => segment.name));
  const vanished = [...served].filter(([name]) => !listed.has(name)).map(([, segment]) => segment);
  // A document a merge only moved out of a vanished segment is no addition.
  const moved = (doc: number | undefined): boolean => doc !== undefined && vanished.some(({ base, documents }) => doc >= base && doc < base + documents);
  for (const info of next.segments) {
    const known = served.get(info.name);
    const deleted = new Set(info.deletedDocs);
    if (known) {
      for (const doc of deleted) if (!known.deleted.has(doc)) removeServed(known.base + doc);
      segments.set(info.name, { ...known, deleted });
      continue;
    }
    const part = await feed.segment(generation, next, info);
    const hidden = new Set(deleted);
    part.columns.ids.forEach((id, doc) => {
      if (index.written.has(id)) hidden.add(doc);
      else if (!hidden.has(doc) && !moved(index.docNumber(id))) added++;
    });
    const base = index.addSegment(part, hidden);
    segments.set(info.name, { base, documents: info.documents, deleted });
    // Let searches run between segments.
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const [name, segment] of served) {
    if (segments.has(name)) continue;
    for (let doc = segment.base; doc < segment.base + segment.documents; doc++) {
      if (!index.isDeleted(doc) && index.docNumber(index.id(doc)) === doc) removeServed(doc);
    }
  }
  return { segments, added, removed };
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
 * run between segments. A generation that cannot be read
 * is reported and tried again at the next tick. `generation` and `manifest` are what the index
 * was loaded from.
 *
 * @example const { index, manifest, generation } = await readIndex('index');
 * const follower = followGeneration(index, folderFeed('index'), generation, manifest, { intervalMs: 1000 });
 */
export function followGeneration(index: SearchIndex, feed: GenerationFeed, generation: string, manifest: Manifest, options: FollowOptions): { stop: () => void } {
  let served = loadedSegments(manifest);
  let serving = generation;
  let busy = false;
  const tick = async (): Promise<void> => {
    if ((await feed.current()) === serving) return;
    const started = performance.now();
    const next = await feed.manifest();
    // A generation that records another dictionary puts it in force before it is served.
    useManifestDictionary(next.manifest);
    const result = await applyGeneration(index, feed, served, next.generation, next.manifest);
    served = result.segments;
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
