import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import { mapFile } from '../../src/index/mapped-file';
import { decodeLayout, encodeSegment, type SortedPostings } from '../../src/index/segment-format';
import { SegmentPart, storedInMemory, storedOnDisk } from '../../src/index/segment-part';
import { makeTempFolder, removeTempFolder } from '../corpus/temp-folder';

describe('SegmentPart texts', () => {
  it('returns the same titles, bodies and title matches before its texts are decoded whole as after (regression: each read at start decoded 4 MB)', async () => {
    const articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
    const { data } = buildIndexData(articles);
    const decoded = indexFromSegments([{ data, deletedDocs: [] }]);
    for (let round = 0; round < 3; round++) for (let doc = 0; doc < decoded.documentCount; doc++) decoded.normBody(doc);
    const fresh = indexFromSegments([{ data, deletedDocs: [] }]);
    const n = fresh.documentCount;
    // Documents in a scrambled order, each read in turn as a title, a body and a title match:
    // the first reads decode only what they read, the later ones slice the decoded texts.
    for (let k = 0; k < 4 * n; k++) {
      const doc = (k * 7 + 3) % n;
      const title = decoded.normTitle(doc);
      expect(fresh.normTitle(doc)).toBe(title);
      expect(fresh.normBody(doc)).toBe(decoded.normBody(doc));
      const part = title.slice(1, 3);
      expect(fresh.titleIncludes(doc, part)).toBe(true);
      expect(fresh.titleIncludes(doc, `${title}不在`)).toBe(false);
    }
    expect(fresh.normBody(n - 1).length).toBeGreaterThan(0);
  });
});

describe('storedOnDisk', () => {
  it('returns the bytes of the file for every read, also after it has given its pages back', () => {
    const folder = makeTempFolder();
    try {
      const file = path.join(folder, 'docs.bin');
      const content = Buffer.from(Array.from({ length: 5 * 4096 + 123 }, (_, i) => (i * 31 + 7) % 251));
      writeFileSync(file, content);
      // A budget of two pages: the mapping's pages are given back every few reads.
      const stored = storedOnDisk(file, 2 * 4096);
      expect(stored.byteLength).toBe(content.byteLength);
      for (let round = 0; round < 3; round++) {
        for (let from = 0; from < content.byteLength; from += 3001) {
          const to = Math.min(content.byteLength, from + 3001);
          expect(stored.read(from, to).equals(content.subarray(from, to))).toBe(true);
        }
      }
    } finally {
      removeTempFolder(folder);
    }
  });
});

/** Kilobytes of `file`'s mappings resident in this process, from /proc/self/smaps. */
function residentKb(file: string): number {
  let kb = 0;
  let inFile = false;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inFile = line.endsWith(` ${file}`);
    else if (inFile && line.startsWith('Rss:')) kb += Number(/\d+/.exec(line)![0]);
  }
  return kb;
}

describe('SegmentPart postings', () => {
  it('gives the pages of its postings back once it has read more than its budget of them, and reads the same postings after', async () => {
    const folder = makeTempFolder();
    try {
      const articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
      const files = encodeSegment(buildIndexData(articles).data);
      const file = path.join(folder, 'segment.bin');
      writeFileSync(file, files.segment);
      const mapped = mapFile(file);
      const { grams, words } = decodeLayout(files.segment);
      const keysOf = (postings: SortedPostings): string[] =>
        Array.from({ length: postings.keyOffsets.length - 1 }, (_, k) => String.fromCharCode(...postings.keys.subarray(postings.keyOffsets[k], postings.keyOffsets[k + 1])));
      const keys = keysOf(grams);
      const expected = keys.map((_key, k) => Array.from(grams.docs.subarray(grams.offsets[k], grams.offsets[k + 1])));
      const budget = grams.docs.byteLength / 2;
      const part = new SegmentPart(mapped, files.texts, storedInMemory(files.docs), 'rebuild it', budget);
      // What of the file is in this process's memory (the page cache may hold all of it).
      const resident = (): number => residentKb(file);
      const before = resident();
      // Half the gram postings read: within the budget, their pages stay.
      let read = 0;
      let k = 0;
      for (; read + 4 * expected[k].length <= budget; k++) {
        expect(Array.from(part.gramPosting(keys[k])!)).toEqual(expected[k]);
        read += 4 * expected[k].length;
      }
      const withinBudget = resident();
      // The posting that goes past the budget: every posting's pages are given back before it is read.
      part.gramPosting(keys[k]);
      const pastBudget = resident();
      expect(withinBudget).toBeGreaterThan(before);
      expect(pastBudget).toBeLessThan(withinBudget);
      // Every posting again, remembered or not, and their words: the same documents as the file holds.
      for (let j = 0; j < keys.length; j++) expect(Array.from(part.gramPosting(keys[j])!)).toEqual(expected[j]);
      keysOf(words).forEach((word, k) => {
        const [from, to] = [words.offsets[k], words.offsets[k + 1]];
        const posting = part.wordPosting(word)!;
        expect([Array.from(posting.docs), Array.from(posting.tfs)]).toEqual([Array.from(words.docs.subarray(from, to)), Array.from(words.values!.subarray(from, to))]);
      });
    } finally {
      removeTempFolder(folder);
    }
  });
});
