const fs = require('fs');
const { discoverFiles, parseArticle, htmlToText, stripFooter } = require('/work/main/.tmp-jt/out/src/corpus');
(async () => {
  const { files } = await discoverFiles('/work/shared/corpus');
  const bufs = files.map(f => fs.readFileSync(f.path));
  for (let k = 0; k < 3; k++) { const t = Date.now(); files.forEach((f, i) => parseArticle(f.id, bufs[i])); console.log('parse', Date.now() - t); }
  const bodies = bufs.map(b => { const s = b.toString(); return s.slice(s.indexOf('\n---', 3) + 4); });
  for (let k = 0; k < 3; k++) { let t = Date.now(); const fb = bodies.map(b => stripFooter(b).body); const t1 = Date.now() - t; t = Date.now(); fb.forEach(htmlToText); console.log('footer', t1, 'html', Date.now() - t); }
})();
