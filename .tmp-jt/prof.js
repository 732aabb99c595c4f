const fs = require('fs'); const path = require('path');
const { discoverFiles, htmlToText, parseArticle, stripFooter, decodeArticleBytes } = require('/work/main/.tmp-jt/out/src/corpus');
const matter = require('gray-matter'); const yaml = require('js-yaml');
(async () => {
  let t = Date.now();
  const { files } = await discoverFiles('/work/shared/corpus'); console.log('discover', Date.now() - t);
  t = Date.now(); const bufs = files.map(f => fs.readFileSync(f.path)); console.log('readSync', Date.now() - t);
  t = Date.now(); const texts = bufs.map(b => decodeArticleBytes(b).text); console.log('decode', Date.now() - t);
  const opts = { engines: { yaml: s => yaml.load(s, { schema: yaml.FAILSAFE_SCHEMA }) } };
  t = Date.now(); const ms = texts.map(s => matter(s, opts)); console.log('matter', Date.now() - t);
  t = Date.now(); const ys = texts.map(s => yaml.load(s.slice(4, s.indexOf('\n---', 3)), { schema: yaml.FAILSAFE_SCHEMA })); console.log('yaml only', Date.now() - t);
  t = Date.now(); const fs2 = ms.map(m => stripFooter(m.content)); console.log('footer', Date.now() - t);
  t = Date.now(); fs2.forEach(m => htmlToText(m.body)); console.log('html', Date.now() - t);
  t = Date.now(); files.forEach((f, i) => parseArticle(f.id, bufs[i])); console.log('parseArticle', Date.now() - t);
  t = Date.now(); await Promise.all(files.map(f => fs.promises.readFile(f.path))); console.log('readFile promises all', Date.now() - t);
})();
