import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { parseUserDictionary, versionOf } from '../analysis';
import type { LiveDictionary } from '../index/live-dictionary';
import type { WriteLog } from '../index/write-log';
import type { SynonymFile } from '../search/synonym-file';
import type { ToPrimary, ToWorker } from '../service/cluster-relay';

/**
 * The primary's side: forks `count` workers (re-forking one that dies unless stopping),
 * appends their writes to the log and broadcasts them, writes their synonym rules to
 * `synonyms` and broadcasts them, puts their user dictionaries in force through `dictionary`
 * and broadcasts them. Returns a `stop` that ends the workers gracefully and closes the log,
 * and `relayDictionary`, which broadcasts a dictionary the primary put in force itself (SIGHUP).
 */
export function runPrimary(
  count: number,
  log: WriteLog,
  synonyms: SynonymFile,
  logger: Logger,
  dictionary: LiveDictionary,
): { stop: () => Promise<void>; relayDictionary: (text: string) => void } {
  let stopping = false;
  const broadcast = (message: ToWorker): void => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.send(message);
  };
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (message: ToPrimary) => {
      if (message?.type === 'write') {
        log
          .append(message.entry, () => broadcast({ type: 'apply', entry: message.entry, origin: worker.id, ticket: message.ticket }))
          .catch((error: Error) => worker.send({ type: 'write-failed', ticket: message.ticket, message: error.message } satisfies ToWorker));
      } else if (message?.type === 'synonyms') {
        synonyms.write(message.text).then(
          () => broadcast({ type: 'synonyms', text: message.text, origin: worker.id, ticket: message.ticket }),
          (error: Error) => worker.send({ type: 'synonyms-failed', ticket: message.ticket, message: error.message } satisfies ToWorker),
        );
      } else if (message?.type === 'dictionary') {
        dictionary.replace(parseUserDictionary(message.text, 'PUT /api/dictionary', versionOf)).then(
          () => broadcast({ type: 'dictionary', text: message.text, origin: worker.id, ticket: message.ticket }),
          (error: Error) => worker.send({ type: 'dictionary-failed', ticket: message.ticket, message: error.message } satisfies ToWorker),
        );
      }
    });
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ worker: worker.id, code, signal }, 'service worker died; starting another');
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  const stop = async (): Promise<void> => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await dictionary.stop();
    await log.close();
  };
  // No worker has id 0: no worker waits for this broadcast.
  return { stop, relayDictionary: (text) => broadcast({ type: 'dictionary', text, origin: 0, ticket: 0 }) };
}

