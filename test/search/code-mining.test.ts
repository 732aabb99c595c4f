import { normalize } from '../../src/analysis';
import { canonicalCode, mineCodes, nameBefore } from '../../src/search/code-mining';

/** Sentences of `../shared/corpus/finews/` (copied, not read), with the pair each writes. */
const REAL_SENTENCES: Array<[string, Array<[code: string, form: string, name: string]>]> = [
  ['12月8日，白酒股龙头贵州茅台(600519)盘中涨逾2%', [['600519', '600519', '贵州茅台']]],
  ['12月7日晚间，新希望(000876)正式披露2021年限制性股票激励计划', [['000876', '000876', '新希望']]],
  ['里昂：下调港交所(00388.HK)目标价至560港元', [['00388.HK', '00388.HK', '港交所']]],
  ['里昂发表研究报告指，预计港交所(0388.HK)明年增长率将放缓', [['00388.HK', '0388.HK', '港交所']]],
  ['里昂：维持港交所(0388.HK)买入评级', [['00388.HK', '0388.HK', '港交所']]],
  ['海伦司(09869.HK)涨超10%', [['09869.HK', '09869.HK', '海伦司']]],
  ['海伦司(9869.HK)再度拉升涨超9%', [['09869.HK', '9869.HK', '海伦司']]],
  ['权重股带动下，智能电动车ETF（516380）涨超2%。', [['516380', '516380', '智能电动车etf']]],
  ['欧菲光(002456)在互动平台表示', [['002456', '002456', '欧菲光']]],
  ['高盛发布研究报告称，首予信义能源(03868)“买入”评级', [['03868.HK', '03868', '信义能源']]],
  ['阿里巴巴(09988.HK)在北京成立新公司', [['09988.HK', '09988.HK', '阿里巴巴']]],
  ['因此预期发牌结果最终向好，列金沙中国(1928.HK)及银娱(0027.HK)为首选', [['01928.HK', '1928.HK', '金沙中国'], ['00027.HK', '0027.HK', '银娱']]],
  ['摩通：维持渣打集团(2888.HK)增持评级', [['02888.HK', '2888.HK', '渣打集团']]],
  ['摩根大通发表报告，将渣打集团(2888.HK)2022和2023年盈利预测上调', [['02888.HK', '2888.HK', '渣打集团']]],
  ['小米集团(01810.HK)投资互联网医疗公司', [['01810.HK', '01810.HK', '小米集团']]],
  ['大摩：升颐海国际(1579.HK)评级至增持', [['01579.HK', '1579.HK', '颐海国际']]],
  ['定价能力及类别扩展是调味料行业的关键，其中颐海国际(1579.HK)正在快速拓展', [['01579.HK', '1579.HK', '颐海国际']]],
  ['瑞士信贷(CS.N)：维持长城汽车评级', [['CS.N', 'CS.N', '瑞士信贷']]],
  ['福森药业(1652.HK)5日累计大跌', [['01652.HK', '1652.HK', '福森药业']]],
  ['融信中国(03301.HK)：自二零二一年十二月起', [['03301.HK', '03301.HK', '融信中国']]],
  ['英特尔(INTC.O)CEO基辛格表示', [['INTC.O', 'INTC.O', '英特尔']]],
  ['高盛：首予三叶草生物-B(2197.HK)买入评级', [['02197.HK', '2197.HK', '三叶草生物-b']]],
  ['记者从中国石化（600028）获悉，中国首个百万吨级CCUS项目建成', [['600028', '600028', '中国石化']]],
  ['钱江摩托(000913)12月8日晚间公告', [['000913', '000913', '钱江摩托']]],
  ['金斯瑞生物科技(01548.HK)午后涨幅扩大', [['01548.HK', '01548.HK', '金斯瑞生物科技']]],
  ['新东方在线(01797.HK)日内跌幅达', [['01797.HK', '01797.HK', '新东方在线']]],
  ['航天科技(000901)12月8日晚间公告', [['000901', '000901', '航天科技']]],
  ['中国广核(003816)12月8日晚间公告', [['003816', '003816', '中国广核']]],
  ['华兰生物(002007.SZ)12月8日晚间公告', [['002007', '002007.SZ', '华兰生物']]],
  ['长城汽车(601633.SH)旗下新能源品牌', [['601633', '601633.SH', '长城汽车']]],
];

const mined = (text: string): Array<[string, string, string]> => mineCodes(normalize(text)).map(({ code, form, name }) => [code, form, name]);

describe('mineCodes', () => {
  it.each(REAL_SENTENCES)('returns the name and code written in %s', (sentence, pairs) => {
    expect(mined(sentence)).toEqual(pairs);
  });

  it('returns no pair for a ticker after a Latin name, an abbreviation, a year or a code after punctuation', () => {
    expect(mined('瑞士信贷：将Sunoco Lp（SUN.N）目标价从37美元上调')).toEqual([]);
    expect(mined('马洛娃担任美国货币监理署(OCC)署长；月消费者价格指数（CPI）')).toEqual([]);
    expect(mined('发布《中国核能发展报告（2022）》')).toEqual([]);
    expect(mined('成交居前：(600837)')).toEqual([]);
  });

  it('returns each mention once when an article writes it twice', () => {
    expect(mined('海伦司(09869.HK)涨超10%。海伦司(09869.HK)午后')).toEqual([['09869.HK', '09869.HK', '海伦司']]);
  });
});

describe('nameBefore', () => {
  it('returns the words after the last verb, preposition, conjunction, adverb or measure word', () => {
    expect([nameBefore('公告称海通证券'), nameBefore('记者从中国石化'), nameBefore('及银娱'), nameBefore('将渣打集团'), nameBefore('白酒股龙头贵州茅台')]).toEqual([
      '海通证券',
      '中国石化',
      '银娱',
      '渣打集团',
      '贵州茅台',
    ]);
  });

  it('returns a name ending in a verb whole, and none of fewer than two Han characters or of a verb alone', () => {
    expect([nameBefore('新希望'), nameBefore('下调'), nameBefore('b'), nameBefore('及银')]).toEqual(['新希望', null, null, null]);
  });
});

describe('canonicalCode', () => {
  it('returns six digits for an A-share code, five digits and .HK for Hong Kong, the ticker and exchange for the US', () => {
    expect(['600837', '600837.sh', '002007.sz', '430047.bj', '0388.hk', '00388.hk', '388.hk', '03868', 'intc.o', 'cs.n'].map(canonicalCode)).toEqual([
      '600837',
      '600837',
      '002007',
      '430047',
      '00388.HK',
      '00388.HK',
      '00388.HK',
      '03868.HK',
      'INTC.O',
      'CS.N',
    ]);
  });

  it('returns null for a year, a bare word, a longer number or an unknown exchange', () => {
    expect(['2023', 'cpi', '6008370', '600837.hkk', 'intc.x', '海通证券', '13868'].map(canonicalCode)).toEqual([null, null, null, null, null, null, null]);
  });
});
