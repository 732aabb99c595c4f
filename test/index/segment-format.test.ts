import * as path from 'node:path';
import fc from 'fast-check';
import { normalize } from '../../src/analysis';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndexData } from '../../src/index/build';
import { indexFromData, segmentNumbering } from '../../src/index/index-data';
import { SearchIndex } from '../../src/index/search-index';
import { decodeLayout, decodeSegmentFiles, encodeSegment, mergeSegmentFiles } from '../../src/index/segment-format';
import { SegmentPart, storedInMemory } from '../../src/index/segment-part';
import { simhash } from '../../src/index/simhash';
import { answersOf } from './answers';

const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', 'AB轮岗', '券商', '中国', '的', '600837', '海通 OR 国泰君安', 'title:海通', '"7*24小时"'];

let articles: Article[];
beforeAll(async () => {
  articles = (await loadCorpus(CORPUS)).articles;
});

describe('encodeSegment', () => {
  it('returns files that decode to the data they were written from', () => {
    const { data } = buildIndexData(articles);
    const decoded = decodeSegmentFiles(encodeSegment(data));
    expect(decoded.docs).toEqual(data.docs);
    expect([decoded.titleLengths, decoded.bodyLengths]).toEqual([data.titleLengths, data.bodyLengths]);
    expect(decoded.signatures).toEqual(data.signatures);
    const byKey = (lists: typeof data.words): Array<[string, number[], number[]]> =>
      lists.keys
        .map((key, k): [string, number[], number[]] => [key, Array.from(lists.docs.subarray(lists.offsets[k], lists.offsets[k + 1])), Array.from(lists.values?.subarray(lists.offsets[k], lists.offsets[k + 1]) ?? [])])
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(byKey(decoded.words)).toEqual(byKey(data.words));
    expect(byKey(decoded.grams)).toEqual(byKey(data.grams));
  });

  it('writes word and gram keys in UTF-16 code-unit order (what lookups binary-search)', () => {
    const layout = decodeLayout(encodeSegment(buildIndexData(articles).data).segment);
    for (const sorted of [layout.words, layout.grams]) {
      const keys = Array.from({ length: sorted.keyOffsets.length - 1 }, (_, k) => String.fromCharCode(...sorted.keys.subarray(sorted.keyOffsets[k], sorted.keyOffsets[k + 1])));
      expect(keys.length).toBeGreaterThan(100);
      expect(keys.every((key, k) => k === 0 || keys[k - 1] < key)).toBe(true);
    }
  });

  it('writes each document its near-duplicate signature, the one analysis gives its body', () => {
    const { data } = buildIndexData(articles);
    const { signatures } = decodeLayout(encodeSegment(data).segment);
    expect(signatures.length).toBe(2 * articles.length);
    articles.forEach((article, d) => expect(signatures.subarray(2 * d, 2 * d + 2)).toEqual(simhash(normalize(article.text))));
  });

  it('rejects a file that is not a segment, and one whose sections do not fit in it', () => {
    expect(() => decodeLayout(Buffer.from('{"docs":[]}'))).toThrow('not a jiansuo segment file');
    const { segment } = encodeSegment(buildIndexData(articles.slice(0, 3)).data);
    expect(() => decodeLayout(segment.subarray(0, segment.byteLength - 16))).toThrow(/^section \w+ lies outside the file$/);
  });
});

describe('mergeSegmentFiles', () => {
  it('returns what one segment of the live documents returns, whatever the segments and the deletes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: articles.length - 1 }), { maxLength: 3 }),
        fc.uniqueArray(fc.nat({ max: articles.length - 1 }), { maxLength: 5 }),
        (cuts, deletes) => {
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), articles.length];
          const runs = bounds.slice(1).map((end, s) => articles.slice(bounds[s], end));
          const deleted = new Set(deletes);
          const infos = runs.map((run, s) => ({ documents: run.length, deletedDocs: run.map((_, i) => i).filter((i) => deleted.has(bounds[s] + i)) }));
          const merged = mergeSegmentFiles(
            runs.map((run) => encodeSegment(buildIndexData(run).data)),
            segmentNumbering(infos),
          );
          const served = new SearchIndex();
          served.addSegment(new SegmentPart(merged.segment, merged.texts, storedInMemory(merged.docs)));
          const live = articles.filter((_, i) => !deleted.has(i));
          expect(served.size).toBe(live.length);
          expect(decodeLayout(merged.segment).signatures).toEqual(buildIndexData(live).data.signatures);
          // Every section (titles, title grams, postings) as one segment of the live documents
          // writes it; facet values only numbered in another order.
          const fresh = encodeSegment(buildIndexData(live).data);
          const { facetValues, facetRefs, ...sections } = decodeLayout(merged.segment);
          const { facetValues: freshValues, facetRefs: freshRefs, ...freshSections } = decodeLayout(fresh.segment);
          expect(sections).toEqual(freshSections);
          expect(Array.from(facetRefs, (ref) => facetValues[ref])).toEqual(Array.from(freshRefs, (ref) => freshValues[ref]));
          expect([merged.texts.equals(fresh.texts), merged.docs.equals(fresh.docs)]).toEqual([true, true]);
          expect(answersOf(served, QUERIES)).toEqual(answersOf(indexFromData(buildIndexData(live).data), QUERIES));
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('SegmentPart.titlesWithPrefix', () => {
  it('returns the documents whose normalised title starts with the prefix, in title order then by number, as a plain sort does', () => {
    const title = fc.array(fc.constantFrom('国', '内', '联', '播', 'a', 'A', '𠀀', ' ', '1'), { maxLength: 5 }).map((units) => units.join(''));
    fc.assert(
      fc.property(fc.array(title, { minLength: 1, maxLength: 40 }), fc.constantFrom('', '国', '国内', 'a', '𠀀', '1'), (titles, prefix) => {
        const written: Article[] = titles.map((text, i) => ({ id: `t${i}`, title: text, date: null, url: null, categories: [], tags: [], text: `正文${i}` }));
        const files = encodeSegment(buildIndexData(written).data);
        const part = new SegmentPart(files.segment, files.texts, storedInMemory(files.docs));
        const normalised = titles.map((text) => normalize(text));
        const expected = normalised
          .map((text, doc) => ({ text, doc }))
          .filter(({ text }) => text.startsWith(prefix))
          .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.doc - b.doc))
          .map(({ doc }) => doc);
        expect([...part.titlesWithPrefix(prefix)]).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
