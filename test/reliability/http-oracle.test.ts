import type { Express } from 'express';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import request from 'supertest';
import { normalize, normalizeWithMap } from '../../src/analysis';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import { bruteForceMatches, type OracleText } from '../../src/search/oracle';
import { parseQuery } from '../../src/search/query-parser';
import type { SearchHit, SearchResponse } from '../../src/search/search-response';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

/** Fixed so that a failure reproduces; fast-check prints the path to the shrunk case. */
const SEED = 20_260_901;

/** Largest page the API serves. */
const MAX_LIMIT = 100;

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const fixture = (id: string, date: string | null, title: string, text: string): Article => ({ id, title, date, categories: ['fixture'], tags: [], url: null, text });

/**
 * Articles beside the sample corpus: terms across sentence ends and paragraphs, full-width and
 * traditional text, exact ties, and enough articles made of the sample's sentences that common
 * queries match past the first page of 100.
 */
function fixtures(sample: Article[]): Article[] {
  const outbreak = '新增无症状感染者31911例，其中境外输入191例，本土31720例。截至11月30日24时，现有确诊病例37347例。\n\n截至11月30日24时，累计治愈出院病例。';
  const articles = [
    fixture('fixture-outbreak', '2022-12-01T19:00:00+08:00', '国家卫生健康委通报疫情', outbreak),
    fixture('fixture-width', '2022-03-29T10:00:00+08:00', 'ＡＢ轮岗与iPhone15 Pro', '推行ＡＢ轮岗制度。ＶＰＮ接入６００８３７.SH行情，USB-C接口。'),
    fixture('fixture-traditional', '2024-09-06T20:00:00+08:00', '國泰君安與海通證券籌劃合併', '國泰君安與海通證券籌劃合併重組，兩家公司A股及H股停牌。'),
    fixture('fixture-tie-1', '2023-05-01T08:00:00+08:00', '券商动态', '海通证券发布公告。'),
    fixture('fixture-tie-2', '2023-05-01T08:00:00+08:00', '券商动态', '海通证券发布公告。'),
    fixture('fixture-tie-undated', null, '券商动态', '海通证券发布公告。'),
  ];
  const sentences = sample.flatMap((article) => article.text.split(/(?<=[。！？\n])/)).filter((sentence) => sentence.trim().length >= 6);
  for (let i = 0; i < 160; i++) {
    const pick = (k: number): string => sentences[(i * 37 + k * 101) % sentences.length];
    const day = String(1 + (i % 28)).padStart(2, '0');
    articles.push(fixture(`fixture-mix-${i}`, i % 17 === 0 ? null : `2023-0${1 + (i % 9)}-${day}T12:00:00+08:00`, pick(7).slice(0, 24).trim(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(pick).join('')));
  }
  return articles;
}

type Form = 'simplified' | 'traditional' | 'fullWidth' | 'mixedCase';

/** A piece of an article, as a reader might type it. */
interface TermDraw {
  /** One of the pieces most articles hold, so that queries of several terms match past a page. */
  common: boolean;
  /** Characters after the previous term of the query, in the same text (as a reader picks words of one article); else `null`. */
  near: number | null;
  doc: number;
  inTitle: boolean;
  at: number;
  length: number;
  form: Form;
  caseMask: number;
  quoted: boolean;
}

const termDraw: fc.Arbitrary<TermDraw> = fc.record({
  common: fc.boolean(),
  near: fc.option(fc.integer({ min: -120, max: 120 })),
  doc: fc.nat(),
  inTitle: fc.boolean(),
  at: fc.nat(),
  length: fc.constantFrom(1, 2, 2, 3, 4, 6, 9),
  form: fc.constantFrom<Form>('simplified', 'traditional', 'fullWidth', 'mixedCase'),
  caseMask: fc.nat(),
  quoted: fc.boolean(),
});

const queryDraw = fc.record({
  terms: fc.array(termDraw, { minLength: 1, maxLength: 3 }),
  or: fc.boolean(),
  excluded: fc.option(termDraw, { freq: 3 }),
  sort: fc.constantFrom('relevance', 'relevance', 'date'),
  snippets: fc.integer({ min: 0, max: 5 }),
  pageSize: fc.integer({ min: 7, max: 40 }),
  slices: fc.array(fc.tuple(fc.nat({ max: 220 }), fc.integer({ min: 1, max: MAX_LIMIT })), { minLength: 2, maxLength: 2 }),
});

function reform(text: string, form: Form, caseMask: number): string {
  switch (form) {
    case 'simplified':
      return text;
    case 'traditional':
      return toTraditional(text);
    case 'fullWidth':
      return text.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    case 'mixedCase':
      return [...text].map((ch, i) => ((caseMask >> i % 30) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join('');
  }
}

/** Pieces of one and two characters that at least half of the articles hold. */
function commonPieces(articles: Article[]): string[] {
  const counts = new Map<string, number>();
  for (const article of articles) {
    const chars = [...article.text];
    const pieces = new Set(chars.flatMap((ch, i) => [ch, ch + (chars[i + 1] ?? '')]));
    for (const piece of pieces) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  }
  return [...counts].filter(([piece, count]) => count * 2 >= articles.length && piece.trim() === piece).map(([piece]) => piece).sort();
}

/** Where the previous term of a query was drawn: its text, as characters, and its start. */
interface Place {
  chars: string[];
  start: number;
}

/** The drawn piece as one term of a query (never an operator, never empty) and where it was drawn. */
function termText(articles: Article[], common: string[], draw: TermDraw, previous: Place | null): { term: string; place: Place } {
  const article = articles[draw.doc % articles.length];
  const chars = previous && draw.near !== null ? previous.chars : [...(draw.inTitle ? article.title : article.text)];
  const from = previous && draw.near !== null ? previous.start + draw.near : draw.at;
  const size = Math.max(1, chars.length);
  const start = ((from % size) + size) % size;
  const drawn = draw.common ? common[draw.at % common.length] : chars.slice(start, start + draw.length).join('');
  let piece = reform(drawn, draw.form, draw.caseMask).replace(/"/g, '');
  piece = draw.quoted ? piece.replace(/\s+/g, ' ').trim() : piece.replace(/\s/g, '');
  piece = piece.replace(/^(-|title:)+/, '');
  if (piece === 'OR' || normalize(piece).trim().length === 0) piece = '中';
  return { term: draw.quoted ? `"${piece}"` : piece, place: { chars, start } };
}

type QueryDraw = typeof queryDraw extends fc.Arbitrary<infer T> ? T : never;

function queryText(articles: Article[], common: string[], draw: QueryDraw): string {
  let previous: Place | null = null;
  const terms = draw.terms.map((term) => {
    const drawn = termText(articles, common, term, previous);
    previous = drawn.place;
    return drawn.term;
  });
  const positive = draw.or && terms.length > 1 ? [`${terms[0]} OR ${terms[1]}`, ...terms.slice(2)] : terms;
  return [...positive, ...(draw.excluded ? [`-${termText(articles, common, draw.excluded, null).term}`] : [])].join(' ');
}

async function searchPage(app: Express, q: string, params: Record<string, string | number>): Promise<SearchResponse> {
  const res = await request(app).get('/api/search').query({ q, ...params });
  if (res.status !== 200) throw new Error(`GET /api/search ${JSON.stringify({ q, ...params })}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SearchResponse;
}

/** HTML of a highlight as its text (entities decoded) and the ranges of its marks in that text. */
function parseMarks(html: string): { text: string; marks: Array<[number, number]> } {
  const decode = (s: string): string =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  let text = '';
  const marks: Array<[number, number]> = [];
  html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
    if (!part.startsWith('<mark>')) {
      text += decode(part);
      return;
    }
    const start = text.length;
    text += decode(part.slice('<mark>'.length, -'</mark>'.length));
    marks.push([start, text.length]);
  });
  return { text, marks };
}

/**
 * The simple oracle of highlighting: where the terms occur in `text` (each term's occurrences
 * left to right, not overlapping), in original offsets, overlapping ones merged.
 */
function occurrences(text: string, terms: string[]): Array<[number, number]> {
  const norm = normalizeWithMap(text);
  const found: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = norm.text.indexOf(term); at >= 0; at = norm.text.indexOf(term, at + term.length)) {
      found.push([norm.starts[at], norm.ends[at + term.length - 1]]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of found) {
    const last = merged[merged.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The text as a snippet shows it (line breaks as one space) and where each original offset lands. */
function flatten(text: string): { flat: string; at: number[] } {
  const at: number[] = [];
  let flat = '';
  for (let i = 0; i < text.length; i++) {
    at.push(flat.length);
    if (text[i] !== '\n') flat += text[i];
    else if (text[i - 1] !== '\n') flat += ' ';
  }
  at.push(flat.length);
  return { flat, at };
}

/** What is wrong with a hit's highlights, or `null`: marks must be exactly the whole occurrences. */
function highlightFault(article: Article, hit: SearchHit, terms: string[]): string | null {
  const title = parseMarks(hit.title_html);
  if (title.text !== article.title) return `title_html is not the title: ${hit.title_html}`;
  if (JSON.stringify(title.marks) !== JSON.stringify(occurrences(article.title, terms))) return `title marks ${JSON.stringify(title.marks)}: ${hit.title_html}`;
  const { flat, at } = flatten(article.text);
  const wanted = occurrences(article.text, terms).map(([start, end]): [number, number] => [at[start], at[end]]);
  const fragments = hit.snippet_html === '' ? [] : hit.snippet_html.replace(/^…/, '').replace(/…$/, '').split(' … ');
  for (const html of fragments) {
    const fragment = parseMarks(html);
    let holds = false;
    // A fragment may occur more than once in the text; it must be right at one of its places.
    for (let from = flat.indexOf(fragment.text); from >= 0 && !holds; from = flat.indexOf(fragment.text, from + 1)) {
      const to = from + fragment.text.length;
      const inside = wanted.filter(([start, end]) => start < to && end > from);
      holds =
        inside.every(([start, end]) => start >= from && end <= to) &&
        JSON.stringify(inside.map(([start, end]) => [start - from, end - from])) === JSON.stringify(fragment.marks);
    }
    if (!holds) return `fragment ${JSON.stringify(html)} is not the text with every whole occurrence marked`;
  }
  return null;
}

describe('GET /api/search against a brute-force scan (property)', () => {
  let app: Express;
  let articles: Article[];
  let byId: Map<string, Article>;
  let texts: OracleText[];
  let common: string[];

  beforeAll(async () => {
    const sample = await sampleArticles();
    articles = [...sample, ...fixtures(sample)];
    byId = new Map(articles.map((article) => [article.id, article]));
    common = commonPieces(articles);
    texts = articles.map((article) => ({ title: normalize(article.title), body: normalize(article.text) }));
    app = createApp({ index: buildIndex(articles), config: testConfig() });
  });

  it('returns the scan’s matches, whole marks, and pages that are slices of one order for random substring queries', async () => {
    await fc.assert(
      fc.asyncProperty(queryDraw, async (draw) => {
        const q = queryText(articles, common, draw);
        const parsed = parseQuery(q);
        const expected = bruteForceMatches(texts, parsed).map((doc) => articles[doc].id).sort();
        const params = { sort: draw.sort, snippets: draw.snippets };
        const first = await searchPage(app, q, { ...params, limit: MAX_LIMIT });
        const hits = [...first.hits];
        while (hits.length < first.total) {
          const page = await searchPage(app, q, { ...params, offset: hits.length, limit: MAX_LIMIT });
          if (page.hits.length === 0) throw new Error(`${q}: no hits at offset ${hits.length} of ${first.total}`);
          hits.push(...page.hits);
        }
        if (first.relaxed) {
          expect({ q, expected }).toEqual({ q, expected: [] });
          return;
        }
        expect({ q, total: first.total, ids: hits.map((hit) => hit.id).sort() }).toEqual({ q, total: expected.length, ids: expected });
        if (draw.sort === 'relevance') {
          const scores = hits.map((hit) => hit.score);
          expect({ q, scores }).toEqual({ q, scores: [...scores].sort((a, b) => b - a) });
        }

        const terms = parsed.groups.flat().map((term) => term.norm);
        const faults = hits.map((hit) => highlightFault(byId.get(hit.id)!, hit, terms)).filter((fault) => fault !== null);
        expect({ q, faults }).toEqual({ q, faults: [] });

        const full = hits.map((hit) => hit.id);
        const paged: string[] = [];
        const upTo = Math.min(full.length, 150);
        for (let offset = 0; offset < upTo; offset += draw.pageSize) {
          paged.push(...(await searchPage(app, q, { ...params, offset, limit: draw.pageSize, snippets: 0 })).hits.map((hit) => hit.id));
        }
        expect({ q, pageSize: draw.pageSize, paged: paged.slice(0, upTo) }).toEqual({ q, pageSize: draw.pageSize, paged: full.slice(0, upTo) });
        for (const [offset, limit] of draw.slices) {
          const slice = (await searchPage(app, q, { ...params, offset, limit, snippets: 0 })).hits.map((hit) => hit.id);
          expect({ q, offset, limit, slice }).toEqual({ q, offset, limit, slice: full.slice(offset, offset + limit) });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  }, 120_000);
});
