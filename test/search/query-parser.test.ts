import { JiansuoError } from '../../src/errors';
import { parseQuery } from '../../src/search/query-parser';

/** The error `parseQuery` throws for `query`, as plain data. */
function parseError(query: string, options?: Parameters<typeof parseQuery>[1]): { name: string; code: string; status: number; message: string } {
  try {
    parseQuery(query, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JiansuoError);
    const { code, status, message } = error as JiansuoError;
    return { name: (error as Error).name, code, status, message };
  }
  throw new Error(`parseQuery(${JSON.stringify(query)}) did not throw`);
}

const invalid = (message: string): { name: string; code: string; status: number; message: string } => ({
  name: 'JiansuoError',
  code: 'invalid_query',
  status: 400,
  message: `invalid query: ${message}`,
});

describe('parseQuery', () => {
  it('returns one group per term when terms are separated by white space', () => {
    expect(parseQuery('海通证券  AB轮岗\t券商')).toEqual({
      groups: [
        [{ raw: '海通证券', norm: '海通证券', field: 'any' }],
        [{ raw: 'AB轮岗', norm: 'ab轮岗', field: 'any' }],
        [{ raw: '券商', norm: '券商', field: 'any' }],
      ],
      excluded: [],
    });
  });

  it('returns one term with its spaces when a phrase is quoted', () => {
    expect(parseQuery('"iPhone15 Pro" 苹果')).toEqual({
      groups: [[{ raw: 'iPhone15 Pro', norm: 'iphone15 pro', field: 'any', quoted: true }], [{ raw: '苹果', norm: '苹果', field: 'any' }]],
      excluded: [],
    });
  });

  it('returns an excluded term when a term starts with -', () => {
    expect(parseQuery('海通 -证券 -"AB 轮岗"')).toEqual({
      groups: [[{ raw: '海通', norm: '海通', field: 'any' }]],
      excluded: [
        { raw: '证券', norm: '证券', field: 'any' },
        { raw: 'AB 轮岗', norm: 'ab 轮岗', field: 'any', quoted: true },
      ],
    });
  });

  it('returns a term with a hyphen inside when the hyphen is not at the start', () => {
    expect(parseQuery('USB-C').groups).toEqual([[{ raw: 'USB-C', norm: 'usb-c', field: 'any' }]]);
  });

  it('returns groups [[a, b], [c]] when the query is a OR b c', () => {
    expect(parseQuery('a OR b c').groups.map((group) => group.map((term) => term.raw))).toEqual([['a', 'b'], ['c']]);
  });

  it('returns one group of three when OR joins three terms', () => {
    expect(parseQuery('a OR b OR c').groups.map((group) => group.map((term) => term.raw))).toEqual([['a', 'b', 'c']]);
  });

  it('returns a term "or" when the word is in lower case or quoted', () => {
    expect(parseQuery('a or b').groups.map((group) => group.map((term) => term.raw))).toEqual([['a'], ['or'], ['b']]);
    expect(parseQuery('a "OR" b').groups.map((group) => group.map((term) => term.norm))).toEqual([['a'], ['or'], ['b']]);
  });

  it('returns a title-only term when the term starts with title:', () => {
    expect(parseQuery('title:海通 title:"AB 轮岗" -title:证券')).toEqual({
      groups: [[{ raw: '海通', norm: '海通', field: 'title' }], [{ raw: 'AB 轮岗', norm: 'ab 轮岗', field: 'title', quoted: true }]],
      excluded: [{ raw: '证券', norm: '证券', field: 'title' }],
    });
  });

  it('returns normalised terms when terms are full-width, upper case or traditional', () => {
    expect(parseQuery('ＡＢ轮岗 海通證券 ６００８３７.ＳＨ VPN').groups.map(([term]) => term.norm)).toEqual([
      'ab轮岗',
      '海通证券',
      '600837.sh',
      'vpn',
    ]);
  });

  it('returns the same terms when a normalised query is parsed again', () => {
    const once = parseQuery('ＡＢ轮岗 國泰君安').groups.map(([term]) => term.norm);
    expect(parseQuery(once.join(' ')).groups.map(([term]) => term.norm)).toEqual(once);
  });

  it('throws invalid_query when a quote is not closed', () => {
    expect(parseError('海通 "AB 轮岗')).toEqual(invalid('unbalanced quote at position 3'));
  });

  it('throws invalid_query when the query is empty or white space', () => {
    expect(parseError('')).toEqual(invalid('the query is empty'));
    expect(parseError(' \t ')).toEqual(invalid('the query is empty'));
  });

  it('throws invalid_query when the query is only OR', () => {
    expect(parseError('OR')).toEqual(invalid('OR at position 0 needs a term to look for on each side'));
  });

  it('throws invalid_query when OR has no term after it', () => {
    expect(parseError('a OR')).toEqual(invalid('OR at position 2 needs a term to look for on each side'));
  });

  it('throws invalid_query when OR follows OR or an excluded term', () => {
    expect(parseError('a OR OR b')).toEqual(invalid('OR at position 2 needs a term to look for on each side'));
    expect(parseError('-a OR b')).toEqual(invalid('OR at position 3 needs a term to look for on each side'));
  });

  it('throws invalid_query when every term is excluded', () => {
    expect(parseError('-海通 -证券')).toEqual(invalid('only excluded terms; add a term to look for'));
  });

  it('throws invalid_query when - or title: stands alone', () => {
    expect(parseError('-')).toEqual(invalid('operator at position 0 needs a term after it'));
    expect(parseError('海通 - 证券')).toEqual(invalid('operator at position 3 needs a term after it'));
    expect(parseError('title:')).toEqual(invalid('operator at position 0 needs a term after it'));
  });

  it('throws invalid_query when a quoted term is empty', () => {
    expect(parseError('""')).toEqual(invalid('empty term at position 0'));
    expect(parseError('海通 "  "')).toEqual(invalid('empty term at position 3'));
  });

  it('throws invalid_query when the query holds a control character', () => {
    expect(parseError('海通\u0001证券')).toEqual(invalid('control character U+0001 at position 2'));
    expect(parseError('a\u007f')).toEqual(invalid('control character U+007F at position 1'));
  });

  it('throws query_too_long when the query has 10,000 characters', () => {
    expect(parseError('海'.repeat(10_000))).toEqual({
      name: 'JiansuoError',
      code: 'query_too_long',
      status: 400,
      message: 'query too long: 10000 characters, the limit is 256',
    });
  });

  it('returns the terms when the query is exactly at the length limit', () => {
    expect(parseQuery('海'.repeat(256)).groups).toHaveLength(1);
  });

  it('throws invalid_query when the query has more terms than the limit', () => {
    const query = Array.from({ length: 33 }, (_, i) => `t${i}`).join(' ');
    expect(parseError(query)).toEqual(invalid('33 terms, the limit is 32'));
    expect(parseQuery(Array.from({ length: 32 }, (_, i) => `t${i}`).join(' ')).groups).toHaveLength(32);
  });

  it('uses the limits it is given when options are passed', () => {
    expect(parseError('a b c', { maxLength: 256, maxTerms: 2 })).toEqual(invalid('3 terms, the limit is 2'));
    expect(parseError('abcd', { maxLength: 3, maxTerms: 32 }).message).toBe('query too long: 4 characters, the limit is 3');
  });
});
