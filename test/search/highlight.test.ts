import fc from 'fast-check';
import { normalize } from '../../src/analysis';
import { escapeHtml, findMatches, highlight, snippet } from '../../src/search/highlight';

/** Text of an HTML fragment without its `<mark>` tags, entities decoded. */
function plain(html: string): string {
  return html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The fragments of a snippet, without the `…` that mark cuts. */
function fragments(html: string): string[] {
  return html
    .replace(/^…/, '')
    .replace(/…$/, '')
    .split(' … ');
}

describe('escapeHtml', () => {
  it('returns entities when the text holds HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('findMatches', () => {
  it('returns one span over the original characters when the match came through normalisation', () => {
    expect(findMatches('國泰君安與海通證券', ['海通证券'])).toEqual([{ start: 5, end: 9, term: 0 }]);
    expect(findMatches('推行ＡＢ轮岗', ['ab轮岗'])).toEqual([{ start: 2, end: 6, term: 0 }]);
  });

  it('returns merged spans when matches of two terms overlap', () => {
    expect(findMatches('海通证券', ['海通', '通证'])).toEqual([{ start: 0, end: 3, term: 0 }]);
  });
});

describe('highlight', () => {
  it('returns one mark around 海通证券 when jieba would split it into 海通 and 证券', () => {
    expect(highlight('海通证券：沪上券商抗疫一线', ['海通证券'])).toBe('<mark>海通证券</mark>：沪上券商抗疫一线');
  });

  it('returns marks around AB轮岗 and the original full-width ＡＢ轮岗 when the term is ab轮岗', () => {
    expect(highlight('确保AB轮岗，ＡＢ轮岗制度', ['ab轮岗'])).toBe('确保<mark>AB轮岗</mark>，<mark>ＡＢ轮岗</mark>制度');
  });

  it('returns the mark on the traditional characters when the text has 海通證券 and the query 海通证券', () => {
    expect(highlight('國泰君安與海通證券籌劃合併', ['海通证券'])).toBe('國泰君安與<mark>海通證券</mark>籌劃合併');
  });

  it('returns escaped text when the text holds a script tag', () => {
    expect(highlight('<script>alert("x")</script>海通&证券', ['海通'])).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>海通</mark>&amp;证券',
    );
  });

  it('returns escaped title text when the title holds <证券法> and &', () => {
    expect(highlight('关于修改<证券法>的说明 & 解读', ['证券法'])).toBe('关于修改&lt;<mark>证券法</mark>&gt;的说明 &amp; 解读');
  });

  it('returns the text unmarked when no term occurs', () => {
    expect(highlight('沪上券商', ['海通'])).toBe('沪上券商');
  });
});

describe('snippet', () => {
  const longText = `海通证券发布公告。${'其他内容很多。'.repeat(30)}数据来源：海通证券`;

  it('returns marks at the very start and the very end when the term opens and closes the text', () => {
    expect(snippet(longText, ['海通证券'], { snippets: 2, snippetChars: 30 })).toBe(
      '<mark>海通证券</mark>发布公告。其他内容很多。其他内容很多。其他内容很多。其他内容很多。 … ' +
        '其他内容很多。其他内容很多。其他内容很多。数据来源：<mark>海通证券</mark>',
    );
  });

  it('returns … on both sides when the fragment is cut out of the middle', () => {
    const text = `${'前文很长。'.repeat(20)}这里提到海通证券的消息。${'后文也很长。'.repeat(20)}`;
    expect(snippet(text, ['海通证券'], { snippets: 1, snippetChars: 20 })).toBe('…前文很长。这里提到<mark>海通证券</mark>的消息。后文也很长。…');
  });

  it('returns the whole text when it is shorter than a fragment', () => {
    expect(snippet('沪上券商抗疫。其他内容。', ['券商抗'], { snippets: 1, snippetChars: 10 })).toBe('沪上<mark>券商抗</mark>疫。其他内容。');
  });

  it('returns paragraphs joined by a space when the fragment spans a line break', () => {
    expect(snippet('第一段海通。\n第二段证券。', ['海通', '证券'])).toBe('第一段<mark>海通</mark>。 第二段<mark>证券</mark>。');
  });

  it('returns the opening with … when no term occurs in the text', () => {
    expect(snippet('没有命中的文字。'.repeat(30), ['海通'], { snippets: 2, snippetChars: 20 })).toBe(
      '没有命中的文字。没有命中的文字。没有命中的文字。…',
    );
  });

  it('returns one mark on the full-width original when the text is full-width', () => {
    expect(snippet('多家券商推行ＡＢ轮岗制度。', ['ab轮岗'])).toBe('多家券商推行<mark>ＡＢ轮岗</mark>制度。');
  });

  it('returns escaped text around the mark when the text holds <script>', () => {
    expect(snippet('<script>x</script>海通证券', ['海通证券'])).toBe('&lt;script&gt;x&lt;/script&gt;<mark>海通证券</mark>');
  });

  it('returns at most `snippets` fragments joined by " … " when matches are far apart', () => {
    const text = ['海通一。', '填充。'.repeat(40), '海通二。', '填充。'.repeat(40), '海通三。'].join('');
    const html = snippet(text, ['海通'], { snippets: 2, snippetChars: 12 });
    expect(fragments(html)).toHaveLength(2);
    expect(html.match(/<mark>海通<\/mark>/g)).toHaveLength(2);
  });

  it('returns an empty snippet when snippets is 0 and the term occurs', () => {
    expect(snippet('海通证券发布公告。', ['海通'], { snippets: 0, snippetChars: 20 })).toBe('');
  });

  it('returns each match whole, in one mark, when a term spans 。 at a fragment edge (a highlighted term is cut in two)', () => {
    const text = '新增无症状感染者31911例，其中境外输入191例，本土31720例。截至11月30日24时，现有确诊病例37347例。截至11月30日24时，累计治愈出院病例。';
    expect(snippet(text, ['例。截至11'], { snippets: 1, snippetChars: 20 })).toBe(
      '…本土31720<mark>例。截至11</mark>月30日24时，现有确诊病例37347<mark>例。截至11</mark>…',
    );
    expect(snippet(text, ['例。截至11'], { snippets: 2, snippetChars: 20 })).toBe(
      '…本土31720<mark>例。截至11</mark>月30日24时，现有确诊病例37347<mark>例。截至11</mark>月30日24时，累计治愈出院病例。',
    );
  });
});

const ALPHABET = [...'海通证券證國际中人民币上沪商。；！？，', ...'ＡＢａ１ab1', ' ', '\n', '<', '>', '&', '"', "'"];
const text = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...ALPHABET), { minLength, maxLength }).map((chars) => chars.join(''));
/** Query terms as the parser can make them: never blank, never holding a line break (the term `\n` on `海\n\n海` made a flaky failure). */
const term = (): fc.Arbitrary<string> => text(1, 3).filter((candidate) => candidate.trim() !== '' && !candidate.includes('\n'));

describe('snippet (property)', () => {
  it('returns fragments that are substrings of the text when marks are stripped and entities decoded', () => {
    fc.assert(
      fc.property(
        text(0, 300),
        fc.array(term(), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 120 }),
        (source, terms, snippets, snippetChars) => {
          const html = snippet(source, terms, { snippets, snippetChars });
          const flat = source.replace(/\n+/g, ' ');
          for (const fragment of fragments(html)) expect(flat).toContain(plain(fragment));
          expect(html).not.toMatch(/<(?!\/?mark>)/);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns every mark around one whole match when fragments are cut at sentence ends', () => {
    fc.assert(
      fc.property(
        text(10, 300),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 5, max: 60 }),
        (source, cuts, snippets, snippetChars) => {
          // Terms are pieces of the text, so they match and often hold a sentence end.
          const terms = cuts.map(([at, length]) => normalize(source.slice(at % source.length, (at % source.length) + length)));
          const matches = new Set(findMatches(source, terms).map(({ start, end }) => source.slice(start, end).replace(/\n+/g, ' ')));
          const marked = [...snippet(source, terms, { snippets, snippetChars }).matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => plain(m[1]));
          for (const mark of marked) expect(matches).toContain(mark);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('returns the text itself when marks are stripped from highlight and entities decoded', () => {
    fc.assert(
      fc.property(text(0, 80), fc.array(term(), { minLength: 1, maxLength: 3 }), (source, terms) => {
        expect(plain(highlight(source, terms))).toBe(source);
      }),
      { numRuns: 500 },
    );
  });
});

describe('snippet on a very long text', () => {
  it('returns the opening when the only match lies past SNIPPET_SCAN_LIMIT', () => {
    const text = `开头一句话。${'无关内容'.repeat(60_000)}海通证券`;
    expect(snippet(text, ['海通证券'], { snippets: 1, snippetChars: 10 })).toBe('开头一句话。…');
  });

  it('returns the match when it lies within SNIPPET_SCAN_LIMIT of a long text', () => {
    const text = `海通证券发布公告。${'无关内容'.repeat(60_000)}`;
    expect(snippet(text, ['海通证券'], { snippets: 1, snippetChars: 10 })).toBe('<mark>海通证券</mark>发布公告。…');
  });
});
