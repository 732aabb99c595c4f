const { loadCorpus } = require('/work/main/.tmp-jt/out/src/corpus');
(async () => { for (let k = 0; k < 2; k++) { const t = Date.now(); const r = await loadCorpus('/work/shared/corpus'); console.log('load ms', Date.now() - t, r.articles.length, Math.round(process.memoryUsage().heapUsed/1e6)+'MB'); } })();
