const { loadCorpus, fingerprintCorpus } = require('/work/main/.tmp-jt/out/src/corpus');
(async () => {
  const dir = process.argv[2] || '/work/shared/corpus';
  let t = process.hrtime.bigint();
  const r = await loadCorpus(dir);
  console.log('load ms', Number(process.hrtime.bigint() - t) / 1e6, r.articles.length, r.rejected.length, r.filesSeen);
  console.log(r.rejected.slice(0, 5));
  t = process.hrtime.bigint();
  console.log(await fingerprintCorpus(dir), 'fp ms', Number(process.hrtime.bigint() - t) / 1e6);
  const byId = new Map(r.articles.map(a => [a.id, a]));
  for (const id of ['-202205262391921712','2021-12-08-202112082206703990','VIDEUZK0Ccdq1W7dec1nLdLo220804','2021-12-08-202112082206870651','2021-12-08-202112082207168450','VIDE00Fb8tZtX37PFOkBV9Rf250204']) console.log(JSON.stringify(byId.get(id)).slice(0, 900));
  const tag = /<\/?[a-z][a-z0-9]*[\s>\/]/i, ent = /&(#\d+|#x[0-9a-f]+|[a-z]+);/i;
  let bad = 0;
  for (const a of r.articles) { if (tag.test(a.text) || tag.test(a.title) || ent.test(a.text) || ent.test(a.title)) { if (bad++ < 5) console.log('BAD', a.id, (a.text.match(tag) || a.text.match(ent) || a.title.match(tag)|| a.title.match(ent))[0]); } }
  console.log('bad', bad, 'nbsp', r.articles.filter(a => a.text.includes('\u00a0')).length, 'zwnj', r.articles.filter(a => a.text.includes('\u200c')).length, 'u3000', r.articles.filter(a => a.text.includes('\u3000')).length);
  console.log('nulldate', r.articles.filter(a => a.date === null).map(a => a.id), 'nourl', r.articles.filter(a => a.url === null).map(a => a.id), 'emptytext', r.articles.filter(a => a.text === '').map(a => a.id));
  console.log('dates', [...new Set(r.articles.map(a => a.date && a.date.slice(19)))]);
  console.log('text with < or >', r.articles.filter(a => /[<>]/.test(a.text)).map(a => a.id + ' ' + a.text.match(/.{0,10}[<>].{0,10}/)[0]).slice(0, 20));
  console.log('nav left', r.articles.filter(a => /返回|withounder|\]\(/.test(a.text)).map(a=>a.id));
})();
