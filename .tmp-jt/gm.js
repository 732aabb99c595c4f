const fs = require('fs');
const { discoverFiles } = require('/work/main/.tmp-jt/out/src/corpus');
const matter = require('gray-matter'); const yaml = require('js-yaml');
(async () => {
  const { files } = await discoverFiles('/work/shared/corpus');
  const texts = files.map(f => fs.readFileSync(f.path, 'utf8'));
  const opts = { engines: { yaml: s => yaml.load(s, { schema: yaml.FAILSAFE_SCHEMA }) } };
  for (let k = 0; k < 3; k++) { let t = Date.now(); texts.forEach(s => matter(s, opts)); console.log('matter', Date.now() - t); }
  let t = Date.now(); texts.forEach(s => matter.cache[s]); console.log('cache lookup', Date.now() - t);
  t = Date.now(); texts.forEach(s => s.replace(/^\s*#[^\n]+/gm, '')); console.log('comment replace full', Date.now() - t);
  const td = new TextDecoder('utf-8', {fatal: true}); const bufs = files.map(f => fs.readFileSync(f.path));
  t = Date.now(); bufs.forEach(b => td.decode(b)); console.log('textdecoder', Date.now() - t);
  t = Date.now(); bufs.forEach(b => b.toString('utf8')); console.log('toString', Date.now() - t);
  t = Date.now(); bufs.forEach(b => require('buffer').isUtf8(b)); console.log('isUtf8', Date.now() - t);
  const re = /[\x01-\x08\x0e-\x1f\x7f]/; t = Date.now(); texts.forEach(s => re.test(s)); console.log('ctrl regex', Date.now() - t);
  t = Date.now(); texts.forEach(s => s.replace(/\r\n?/g, '\n')); console.log('crlf', Date.now() - t);
})();
