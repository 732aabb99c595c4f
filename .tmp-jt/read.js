const fs = require('fs');
const { discoverFiles } = require('/work/main/.tmp-jt/out/src/corpus');
async function pool(files, n, read) { let i = 0; const out = new Array(files.length); await Promise.all(Array.from({length: n}, async () => { while (i < files.length) { const k = i++; out[k] = await read(files[k].path); } })); return out; }
const cbRead = p => new Promise((res, rej) => fs.readFile(p, (e, b) => e ? rej(e) : res(b)));
const { promisify } = require('util'); const pr = promisify(fs.readFile);
(async () => {
  const { files } = await discoverFiles('/work/shared/corpus');
  for (const [name, fn] of [['promises', p => fs.promises.readFile(p)], ['callback', cbRead], ['promisify', pr], ['sync', async p => fs.readFileSync(p)]]) for (const n of [4, 32, 64]) {
    const t = Date.now(); await pool(files, n, fn); console.log(name, n, Date.now() - t);
  }
})();
