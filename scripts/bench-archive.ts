/**
 * `npm run bench:archive -- --copies 1,8`: how jiansuo scales with the size of the archive.
 * For each N, writes N copies of the corpus (JIANSUO_CORPUS, default ../shared/corpus) into a
 * temporary folder — copy 0 is the corpus itself, copy k ≥ 1 has ids prefixed `x{k}-` and the
 * paragraph lines of every body rotated by k — builds its index with the CLI under
 * `/usr/bin/time`, measures the index on disk, loads and queries it in a fresh process
 * (bench-archive-probe.ts), times `jiansuo start --index` to a healthy service three times
 * (bench-start.ts), adds 1,000 new articles and re-indexes incrementally, then prints
 * one Markdown table row per N. `--copies 41` is about a million articles. `--keep DIR` leaves
 * each archive and its index in DIR/xN (for profiling) instead of deleting them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverFiles, type CorpusFile } from '../src/corpus/discover';
import type { ProbeResult } from './bench-archive-probe';
import { median, startToHealthy } from './bench-start';

const root = path.resolve(__dirname, '..', '..');
const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const queriesFile = path.resolve(corpusDir, '..', 'queries', 'dev.txt');
const cliMain = path.join(root, 'dist', 'src', 'cli', 'main.js');
const probeMain = path.join(root, 'dist', 'scripts', 'bench-archive-probe.js');
const ADDED_ARTICLES = 1000;
/** Starts of `jiansuo start --index` timed per archive, and the port they serve on. */
const STARTS = 3;
const START_PORT = 3998;

/** Front matter at the start of a file (one corpus file has a blank line before it). */
const FRONT_MATTER = /^\uFEFF?\s*---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;
/** Body lines that are a footer — a bare link, an empty `<>` link, site navigation — not a paragraph. */
const FOOTER_LINE = /^\s*(?:<[^>\s]*>|\[[^\]]*\]\([^)]*\).*|https?:\/\/\S+)\s*$/;

interface IndexRun {
  seconds: number;
  peakRssKb: number;
  documents: number;
  exitCode: number;
  output: string;
}

interface Measurement {
  copies: number;
  build: IndexRun;
  diskBytes: number;
  /** The serving measurements, or the error of the process that took them. */
  probe: ProbeResult | { error: string };
  /** Seconds from spawning `jiansuo start --index` to a healthy service, per start. */
  starts: number[];
  reindex: IndexRun;
}

function flag(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

function parseCopies(argv: string[]): number[] {
  const value = flag(argv, '--copies') ?? '1,8';
  const copies = value.split(',').map(Number);
  if (copies.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--copies: "${value}" is not a list of positive integers such as 1,8`);
  return copies;
}

/** Node flags of the serving process: `--heap-mb N` raises its heap limit, else Node's default holds. */
function parseProbeFlags(argv: string[]): string[] {
  const value = flag(argv, '--heap-mb');
  if (value === undefined) return [];
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`--heap-mb: "${value}" is not a positive integer`);
  return [`--max-old-space-size=${value}`];
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** `text` with the paragraph lines of its body rotated by `k`; front matter, blank lines and footer stay in place. */
function rotateBody(text: string, k: number): string {
  const front = FRONT_MATTER.exec(text)?.[0] ?? '';
  const lines = text.slice(front.length).split('\n');
  const slots = lines.flatMap((line, i) => (line.trim() !== '' && !FOOTER_LINE.test(line) ? [i] : []));
  const paragraphs = slots.map((i) => lines[i]);
  slots.forEach((slot, j) => {
    lines[slot] = paragraphs[(j + k) % paragraphs.length];
  });
  return front + lines.join('\n');
}

function writeCopy(files: CorpusFile[], target: string, k: number): void {
  for (const file of files) {
    const relPath = k === 0 ? file.relPath : path.posix.join(path.posix.dirname(file.relPath), `x${k}-${path.posix.basename(file.relPath)}`);
    const destination = path.join(target, relPath);
    mkdirSync(path.dirname(destination), { recursive: true });
    const text = readFileSync(file.path, 'utf8');
    writeFileSync(destination, k === 0 ? text : rotateBody(text, k));
  }
}

/** Copies 0 … n-1 of the corpus into `target`. */
function makeArchive(files: CorpusFile[], target: string, n: number): void {
  for (let k = 0; k < n; k++) writeCopy(files, target, k);
}

/** Runs `jiansuo index` in a child process under `/usr/bin/time -f %M`: wall time, peak RSS, documents in the index. */
function runIndex(corpus: string, index: string, scratch: string): Promise<IndexRun> {
  const timeFile = path.join(scratch, 'time.txt');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, cliMain, 'index', '--corpus', corpus, '--index', index], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const exitCode = code ?? -1;
      const documents = Number(/segments\s+\d+ holding (\d+) documents/.exec(output)?.[1] ?? Number.NaN);
      if (exitCode !== 0 && exitCode !== 2) return reject(new Error(`jiansuo index exited with ${exitCode}:\n${output}`));
      const peakRssKb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
      resolve({ seconds, peakRssKb, documents, exitCode, output });
    });
  });
}

/** Bytes the index folder takes on disk (`du`). */
function diskBytes(dir: string): number {
  return Number(execFileSync('du', ['-sB1', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** Runs bench-archive-probe.js on `index`; a crash (out of memory, say) is returned with the last lines it printed. */
function probeIndex(index: string, nodeFlags: string[]): ProbeResult | { error: string } {
  const run = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, probeMain, index, queriesFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status === 0) return JSON.parse(run.stdout) as ProbeResult;
  const said = run.stderr.split('\n').filter((line) => /FATAL|Error|probe:/.test(line));
  return { error: `exit ${run.status ?? run.signal}: ${said.join(' / ')}` };
}

/** Adds the first 1,000 corpus files as copy `k` (ids `x{k}-…`, new to the archive), then re-indexes. */
function reindexAfterAdding(files: CorpusFile[], corpus: string, index: string, scratch: string, k: number): Promise<IndexRun> {
  writeCopy(files.slice(0, ADDED_ARTICLES), corpus, k);
  return runIndex(corpus, index, scratch);
}

async function measure(files: CorpusFile[], n: number, probeFlags: string[], keep: string | undefined): Promise<Measurement> {
  const scratch = keep === undefined ? mkdtempSync(path.join(os.tmpdir(), `jiansuo-bench-archive-x${n}-`)) : path.join(path.resolve(keep), `x${n}`);
  if (keep !== undefined) mkdirSync(scratch, { recursive: true });
  const corpus = path.join(scratch, 'corpus');
  const index = path.join(scratch, 'index');
  try {
    process.stderr.write(`×${n}: writing ${n * files.length} article files…\n`);
    makeArchive(files, corpus, n);
    process.stderr.write(`×${n}: building the index…\n`);
    const build = await runIndex(corpus, index, scratch);
    const size = diskBytes(index);
    process.stderr.write(`×${n}: built ${build.documents} documents in ${build.seconds.toFixed(1)} s; loading and querying ${probeFlags.join(' ')}…\n`);
    const probe = probeIndex(index, probeFlags);
    process.stderr.write(`×${n}: starting the service ${STARTS} times…\n`);
    const starts = await startToHealthy(index, STARTS, START_PORT);
    process.stderr.write(`×${n}: adding ${ADDED_ARTICLES} articles and re-indexing…\n`);
    const reindex = await reindexAfterAdding(files, corpus, index, scratch, n);
    return { copies: n, build, diskBytes: size, probe, starts, reindex };
  } finally {
    if (keep === undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

const HEADER = [
  'articles',
  'build s',
  'docs/s',
  'build peak RSS MB',
  'disk bytes/article',
  'load s',
  'start to healthy s',
  'serving RSS KB/article',
  'p50 ms',
  'p99 ms',
  '40% query ms (total)',
  're-index 1,000 s (% of full)',
  'brute-force mismatches',
];

/** Load, serving RSS, p50, p99, the 40 % query, brute-force mismatches. */
function servingCells(probe: ProbeResult | { error: string }, articles: number): string[] {
  if ('error' in probe) return ['crashed', ...Array<string>(5).fill('—')];
  return [
    probe.loadSeconds.toFixed(2),
    ((probe.rssBytes - probe.baselineRssBytes) / 1024 / articles).toFixed(1),
    probe.p50Ms.toFixed(2),
    probe.p99Ms.toFixed(2),
    `${probe.broad.ms.toFixed(1)} (\`${probe.broad.query}\` ${probe.broad.total.toLocaleString('en-US')}, ${(probe.broad.share * 100).toFixed(0)} %)`,
    `${probe.oracle.mismatches}/${probe.oracle.queries}`,
  ];
}

function tableRow(m: Measurement): string[] {
  const articles = m.build.documents;
  const serving = servingCells(m.probe, articles);
  return [
    `${articles.toLocaleString('en-US')} (×${m.copies})`,
    m.build.seconds.toFixed(1),
    Math.round(articles / m.build.seconds).toLocaleString('en-US'),
    Math.round(m.build.peakRssKb / 1024).toLocaleString('en-US'),
    Math.round(m.diskBytes / articles).toLocaleString('en-US'),
    serving[0],
    `${median(m.starts).toFixed(2)} (${m.starts.map((s) => s.toFixed(2)).join(', ')})`,
    ...serving.slice(1, 5),
    `${m.reindex.seconds.toFixed(1)} (${((m.reindex.seconds / m.build.seconds) * 100).toFixed(0)} %)`,
    serving[5],
  ];
}

/** What the table does not show: RSS figures behind the per-article ones, exit codes, the CLI's own summary. */
function servingDetails(copies: number, probe: ProbeResult | { error: string }): string[] {
  if ('error' in probe) return [`×${copies}: the serving process crashed: ${probe.error}`];
  const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
  return [
    `×${copies}: serving RSS ${mb(probe.rssBytes)} MB − baseline ${mb(probe.baselineRssBytes)} MB (heap + external ${mb(probe.heapAndExternalBytes)} MB), ${probe.documents} documents loaded`,
    ...(probe.oracle.examples.length > 0 ? [`×${copies}: brute-force mismatches: ${probe.oracle.examples.join(' | ')}`] : []),
  ];
}

function details(m: Measurement): string[] {
  const summary = (run: IndexRun): string => run.output.trim().split('\n').filter((line) => /^(indexed|rejected|segments)/.test(line)).join('; ');
  return [
    `×${m.copies}: build exit ${m.build.exitCode}: ${summary(m.build)}`,
    ...servingDetails(m.copies, m.probe),
    `×${m.copies}: re-index exit ${m.reindex.exitCode}, peak RSS ${Math.round(m.reindex.peakRssKb / 1024)} MB: ${summary(m.reindex)}`,
  ];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const copies = parseCopies(argv);
  const probeFlags = parseProbeFlags(argv);
  const { files } = await discoverFiles(corpusDir);
  const measurements: Measurement[] = [];
  const keep = flag(argv, '--keep');
  for (const n of copies) measurements.push(await measure(files, n, probeFlags, keep));
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const lines = [
    `machine: ${machine()}`,
    `corpus: ${corpusDir} (${files.length} article files), queries: ${queriesFile}, serving process flags: ${probeFlags.join(' ') || 'none (Node default heap limit)'}`,
    '',
    row(HEADER),
    row(HEADER.map(() => '---')),
    ...measurements.map((m) => row(tableRow(m))),
    '',
    ...measurements.flatMap(details),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
