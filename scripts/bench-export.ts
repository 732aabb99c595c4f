/**
 * `npm run bench:export`: the memory and speed of `GET /api/export`. Serves the index of a
 * corpus (JIANSUO_CORPUS, default ../shared/corpus; built into a temporary folder, or read
 * from JIANSUO_INDEX when set) with createApp on a local port, then streams a query that
 * matches nearly every article (`EXPORT_QUERY`, default 的) `EXPORT_REPEAT` times (default 5)
 * in a row, as CSV and as JSONL with snippets, to a client that reads and drops the bytes.
 * Prints one Markdown table row per run: rows, MB, rows/s, and the heap (after a full GC)
 * before, after, and at its highest while streaming.
 */
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { rmSync } from 'node:fs';
import { loadDictionary } from '../src/analysis';
import { loadConfig } from '../src/config';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import { createApp } from '../src/server/app';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const query = process.env.EXPORT_QUERY ?? '的';
const repeat = Number(process.env.EXPORT_REPEAT ?? 5);
/** How often the heap is sampled while an export streams. */
const SAMPLE_MS = 10;

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Streams one export and drops its bytes: rows (lines after the CSV header), bytes, seconds, highest heap. */
function streamOnce(port: number, params: string): Promise<{ rows: number; bytes: number; seconds: number; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let peak = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, SAMPLE_MS);
    get(`http://127.0.0.1:${port}/api/export?${params}`, (res) => {
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        clearInterval(sampler);
        const csv = params.includes('format=csv');
        resolve({ rows: csv ? lines - 1 : lines, bytes, seconds: (performance.now() - started) / 1000, peakMb: peak / 2 ** 20 });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const indexDir = process.env.JIANSUO_INDEX ?? path.join(os.tmpdir(), `jiansuo-bench-export-${process.pid}`);
  if (process.env.JIANSUO_INDEX === undefined) await buildIndexFromCorpus(corpusDir, indexDir);
  const { index } = await readIndex(indexDir);
  loadDictionary();
  const config = loadConfig({}, { NODE_ENV: 'test' });
  const server = createApp({ index, config }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  console.log(`${index.size} articles, query ${query}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}`);
  console.log('| format | runs | rows | MB | rows/s | heap before (MB) | heap after (MB) | highest heap while streaming (MB) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [format, extra] of [['csv', ''], ['jsonl', '&snippet=1']] as const) {
    const params = `q=${encodeURIComponent(query)}&format=${format}${extra}`;
    await streamOnce(port, params);
    const before = heapMb();
    let rows = 0;
    let bytes = 0;
    let seconds = 0;
    let peakMb = 0;
    for (let run = 0; run < repeat; run++) {
      const one = await streamOnce(port, params);
      rows += one.rows;
      bytes += one.bytes;
      seconds += one.seconds;
      peakMb = Math.max(peakMb, one.peakMb);
    }
    const after = heapMb();
    const label = format === 'csv' ? 'CSV' : 'JSONL + snippet';
    console.log(`| ${label} | ${repeat} | ${rows} | ${(bytes / 2 ** 20).toFixed(1)} | ${Math.round(rows / seconds)} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${peakMb.toFixed(1)} |`);
  }
  await new Promise((resolve) => server.close(resolve));
  if (process.env.JIANSUO_INDEX === undefined) rmSync(indexDir, { recursive: true, force: true });
}

void main();
