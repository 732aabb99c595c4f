import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import { storedOnDisk } from '../../src/index/segment-part';
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
