import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Manifest } from './manifest';
import { readManifest, readSegment } from './persist';
import type { SearchIndex } from './search-index';

/** Where each document of a segment lives in the served index (`-1`: not served). */
type SegmentDocs = Map<string, number[]>;

function sameArticle(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The document numbers of the segments `manifest` lists, as `indexFromSegments` numbered them. */
function loadedDocs(manifest: Manifest): SegmentDocs {
  const docs: SegmentDocs = new Map();
  let base = 0;
  for (const segment of manifest.segments) {
    docs.set(segment.name, Array.from({ length: segment.documents }, (_, i) => base + i));
    base += segment.documents;
  }
  return docs;
}

/**
 * Brings a served index from the generation `served` to the generation `next` of the same
 * folder in place: documents of new segments are added (or, when a merge only moved them,
 * recognised as the ones already served), tombstoned and merged-away documents removed. Each
 * document changes in one synchronous step, so a search sees it either before or after.
 * Returns the new numbering and the number of documents added and removed.
 */
async function applyGeneration(index: SearchIndex, dir: string, served: SegmentDocs, next: Manifest): Promise<{ docs: SegmentDocs; added: number; removed: number }> {
  const docs: SegmentDocs = new Map();
  const kept = new Set<number>();
  let added = 0;
  let removed = 0;
  for (const info of next.segments) {
    const deleted = new Set(info.deletedDocs);
    let numbers = served.get(info.name);
    if (!numbers) {
      const { data } = await readSegment(dir, next, info);
      numbers = data.docs.map((article, i) => {
        if (deleted.has(i)) return -1;
        const current = index.docNumber(article.id);
        if (current !== undefined && sameArticle(index.docs[current], article)) return current;
        added++;
        return index.upsert(article);
      });
    }
    numbers = numbers.map((doc, i) => (deleted.has(i) ? -1 : doc));
    for (const doc of numbers) if (doc >= 0) kept.add(doc);
    docs.set(info.name, numbers);
  }
  for (const numbers of served.values()) {
    for (const doc of numbers) {
      if (doc < 0 || kept.has(doc)) continue;
      const { id } = index.docs[doc];
      if (index.docNumber(id) === doc && index.remove(id)) removed++;
    }
  }
  return { docs, added, removed };
}

/** What {@link followGeneration} reports. */
export interface FollowOptions {
  /** How often `CURRENT` is read. */
  intervalMs: number;
  onChange?: (change: { generation: string; manifest: Manifest; added: number; removed: number; ms: number }) => void;
  onError?: (error: Error) => void;
}

/**
 * Keeps a served index in step with the folder it was loaded from: every `intervalMs` the
 * folder's `CURRENT` pointer is read, and a new generation (an incremental `npm run index`, a
 * merge) is applied to the index in place, without a restart and without blocking searches
 * for longer than one document's change. A generation that cannot be read is reported and
 * tried again at the next tick.
 *
 * @example const follower = followGeneration(index, 'index', manifest, { intervalMs: 1000 }); follower.stop();
 */
export function followGeneration(index: SearchIndex, dir: string, manifest: Manifest, options: FollowOptions): { stop: () => void } {
  let served = loadedDocs(manifest);
  let generation = readFileSync(path.join(dir, 'CURRENT'), 'utf8').trim();
  let busy = false;
  const tick = async (): Promise<void> => {
    const pointer = (await readFile(path.join(dir, 'CURRENT'), 'utf8')).trim();
    if (pointer === generation) return;
    const started = performance.now();
    const next = (await readManifest(dir)).manifest;
    const result = await applyGeneration(index, dir, served, next);
    served = result.docs;
    generation = pointer;
    options.onChange?.({ generation: pointer, manifest: next, added: result.added, removed: result.removed, ms: performance.now() - started });
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
