#!/usr/bin/env node
import cluster from 'node:cluster';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultParameters, loadConfig, type ConfigFlags } from '../config';
import { JiansuoError } from '../errors';
import { start, startCluster } from '../server/main';
import { runBulk } from './bulk-command';
import { runExport, type ExportCommandOptions } from './export-command';
import { EXIT_FAILED, runIndex } from './index-command';
import { processIo } from '../index/build-progress';
import { runSearch } from './search-command';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

/** Runs a command and turns its outcome into the exit code; expected errors are one line, not a stack. */
async function run(command: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await command()) ?? 0;
  } catch (error) {
    const known = error instanceof JiansuoError || (error as NodeJS.ErrnoException).code === 'ENOENT';
    process.stderr.write(`jiansuo: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

const corpusOption = (): Option => new Option('--corpus <dir>', 'corpus folder (env JIANSUO_CORPUS, default corpus/)');
const indexOption = (): Option => new Option('--index <dir>', 'index folder (env JIANSUO_INDEX, default index/)');
const storeOption = (): Option => new Option('--store <url>', 'memory, or redis://host:port/db to keep the index and writes in Redis, shared by every node (env JIANSUO_STORE, default memory)');

/** The `jiansuo` command line: `start`, `index`, `search`, `bulk` over the same code as the service. */
export function program(): Command {
  const cli = new Command('jiansuo').description('检索 — full-text search for Chinese news archives').showHelpAfterError();

  cli
    .command('start')
    .description('serve the index over HTTP, building it from the corpus first when missing or stale')
    .addOption(corpusOption())
    .addOption(indexOption())
    .option('--port <n>', 'TCP port (env PORT, default 3000)')
    .option('--workers <n>', 'service processes sharing the port, each with its own copy of the index (env JIANSUO_WORKERS, default 1)')
    .addOption(storeOption())
    .action((flags: ConfigFlags) =>
      run(async () => {
        const config = loadConfig(flags);
        if (config.workers > 1 && config.store !== 'memory') {
          throw new JiansuoError('invalid_parameter', '--workers: over a shared store run one node per port (each `start --store URL --port N`) behind a load balancer');
        }
        if (config.workers > 1 && cluster.isPrimary) await startCluster(config);
        else await start(config, { handleSignals: true });
      }),
    );

  cli
    .command('index')
    .description('build the index from the corpus (into the store with --store); exit code 0, or 2 when some files were rejected')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(storeOption())
    .option('--full', 'rebuild every segment instead of applying only what changed in the corpus', false)
    .action((flags: ConfigFlags & { full: boolean }) => run(() => runIndex(loadConfig(flags), processIo(), { full: flags.full })));

  cli
    .command('search')
    .description('run one query against the index')
    .argument('<query>', 'the query, e.g. "海通证券" or "AB轮岗 -银行"')
    .addOption(corpusOption())
    .addOption(indexOption())
    .option('--limit <n>', 'hits to show', positiveInteger, defaultParameters.limit)
    .option('--json', 'print the JSON response of /api/search', false)
    .action((query: string, flags: ConfigFlags & { limit: number; json: boolean }) =>
      run(() => runSearch(query, { limit: flags.limit, json: flags.json }, loadConfig(flags), processIo())),
    );

  cli
    .command('bulk')
    .description('run one query per line of FILE, results to stdout in input order; exit code 2 when some lines were bad')
    .argument('<file>', 'JSONL (a string or {"q": …} per line) or CSV (the query in the first column)')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(new Option('--format <format>', 'input and output format (default: csv for *.csv, else jsonl)').choices(['jsonl', 'csv']))
    .option('--limit <n>', 'hits per query', positiveInteger, defaultParameters.limit)
    .action((file: string, flags: ConfigFlags & { format?: 'jsonl' | 'csv'; limit: number }) =>
      run(() => runBulk(file, { format: flags.format ?? (/\.csv$/i.test(file) ? 'csv' : 'jsonl'), limit: flags.limit }, loadConfig(flags), processIo())),
    );

  cli
    .command('export')
    .description('stream every match of one query to stdout, as GET /api/export does')
    .argument('<query>', 'the query, e.g. "海通证券" or "AB轮岗 -银行"')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .addOption(new Option('--sort <order>', 'relevance, or date (newest first)').choices(['relevance', 'date']).default('relevance'))
    .option('--snippet', 'add a plain-text snippet column', false)
    .option('--category <name>', 'only articles with this category')
    .option('--tag <name>', 'only articles with this tag')
    .option('--from <day>', 'first day, YYYY-MM-DD, inclusive')
    .option('--to <day>', 'last day, YYYY-MM-DD, inclusive')
    .action((query: string, flags: ConfigFlags & ExportCommandOptions) => {
      const { corpus, index, ...options } = flags;
      return run(() => runExport(query, options, loadConfig({ corpus, index }), processIo()));
    });

  return cli;
}

if (require.main === module) void program().parseAsync(process.argv);
