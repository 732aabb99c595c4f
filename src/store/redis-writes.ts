import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { JiansuoError } from '../errors';
import type { SearchIndex } from '../index/search-index';
import { applyWrite, readWriteEntry, type WriteEntry, type WriteOutcome } from '../index/write-log';
import type { WriteSink } from '../index/write-sink';
import type { RedisClient, StoreKeys } from './redis-store';
import type { StoreHealth } from './store-health';

/** Longest a write waits for the store before it is answered with 503. */
const WRITE_TIMEOUT_MS = 2000;
/** How long one XREAD of the tail loop blocks waiting for new writes. */
const TAIL_BLOCK_MS = 1000;
/** Entries read per XRANGE/XREAD. */
const BATCH = 1000;

/**
 * Orders two stream ids (`<ms>-<seq>`): negative when `a` comes first.
 *
 * @example compareStreamIds('1700000000000-1', '1700000000000-10') < 0 // true
 */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq = '0'] = a.split('-');
  const [bMs, bSeq = '0'] = b.split('-');
  return aMs === bMs ? Number(aSeq) - Number(bSeq) : Number(aMs) - Number(bMs);
}

/** `promise`, or a rejection naming `what` when it does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The write sink of a node over Redis: the stream `writes` is the write log, shared by every
 * node. A write is appended with XADD (durable per Redis' `appendonly`/`appendfsync`), then
 * this node catches up to it and resolves: the node has then seen every write up to its own,
 * and resolves with what applying its own did. So the outcome is decided by the stream's order
 * (a delete this node's replica has not seen the document of still deletes it); a delete that
 * finds nothing is a no-op entry of the stream.
 *
 * Every node applies every write — its own and other nodes' — in stream order and exactly
 * once, whichever of the tail loop and a committing write reads it first: applying in one order
 * everywhere is what keeps all replicas equal when two nodes write the same id at once.
 *
 * When the store is down a write fails within 2 s with `store_unavailable` (503) while
 * searches go on answering from this node's replica; the tail loop reconnects with backoff
 * and catches up from the last id it applied.
 */
export class RedisWrites implements WriteSink, StoreHealth {
  readonly kind = 'redis';
  private index: SearchIndex | null = null;
  private lastId = '0-0';
  private stopped = false;
  private tailLoop: Promise<void> | null = null;
  /** Tags this node's entries, so the reader that applies one can keep its outcome for the writer. */
  private readonly node = randomUUID();
  private nextTicket = 0;
  /** Outcomes of this node's writes in flight, by ticket; `null` until applied. */
  private readonly outcomes = new Map<string, WriteOutcome | null>();

  /**
   * @param client for writes and catch-up reads (commands fail at once while disconnected)
   * @param tailClient a dedicated connection for the blocking XREAD of the tail loop
   */
  constructor(
    private readonly client: RedisClient,
    private readonly tailClient: RedisClient,
    private readonly keys: StoreKeys,
    private readonly logger?: Logger,
  ) {}

  /** The id of the last write applied to the replica (`0-0` before any). */
  get appliedId(): string {
    return this.lastId;
  }

  /** Whether the store answers commands now. */
  get connected(): boolean {
    return this.client.isReady;
  }

  /**
   * Applies the write log after `heldUpTo` (the last entry the generation just loaded from the
   * store holds; the whole log when it holds none) to `index`, then starts tailing it. Resolves
   * with the number of writes replayed.
   *
   * @example const replayed = await writes.attach(index, manifest.writeStream)
   */
  async attach(index: SearchIndex, heldUpTo = '0-0'): Promise<number> {
    this.index = index;
    this.lastId = heldUpTo;
    const replayed = await this.catchUp('+');
    this.tailLoop = this.tail();
    return replayed;
  }

  async commit(index: SearchIndex, entry: WriteEntry): Promise<WriteOutcome> {
    if (this.index !== index) throw new Error('RedisWrites.commit: the index is not the one attached');
    const ticket = `${this.node}:${++this.nextTicket}`;
    this.outcomes.set(ticket, null);
    try {
      let id: string;
      try {
        if (!this.client.isReady) throw new Error('not connected');
        id = await withTimeout(this.client.xAdd(this.keys.writes, '*', { entry: JSON.stringify(entry), ticket }), WRITE_TIMEOUT_MS, 'XADD');
      } catch (error) {
        // A write that timed out may still have reached the stream; every node will then apply
        // it in order. PUT and DELETE are idempotent, so the client's retry is safe either way.
        throw new JiansuoError('store_unavailable', `the write was not stored (${(error as Error).message}); retry later`);
      }
      if (compareStreamIds(this.lastId, id) < 0) {
        await withTimeout(this.catchUp(id), WRITE_TIMEOUT_MS, 'XRANGE').catch((error: Error) => {
          throw new JiansuoError('store_unavailable', `the write was stored but not yet applied here (${error.message}); it will be`);
        });
      }
      // Applied by now, by the tail loop or the catch-up, whichever read it first.
      return this.outcomes.get(ticket) as WriteOutcome;
    } finally {
      this.outcomes.delete(ticket);
    }
  }

  /** Stops the tail loop and closes both connections. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.tailClient.destroy();
    await this.tailLoop;
    this.client.destroy();
  }

  /** Applies entries after the last one applied, in order, skipping any another reader applied first. */
  private apply(messages: Array<{ id: string; message: Record<string, string> }>): number {
    let applied = 0;
    for (const { id, message } of messages) {
      if (compareStreamIds(id, this.lastId) <= 0) continue;
      this.lastId = id;
      const read = readWriteEntry(String(message.entry));
      if ('problem' in read) {
        // Not written by jiansuo (every node skips it alike, so the replicas stay equal).
        this.logger?.error({ id, entry: String(message.entry).slice(0, 200), problem: read.problem }, 'write log entry is not a write; skipped');
        continue;
      }
      const outcome = applyWrite(this.index as SearchIndex, read.entry);
      if (this.outcomes.has(message.ticket)) this.outcomes.set(message.ticket, outcome);
      applied++;
    }
    return applied;
  }

  /** Reads and applies every entry after the last applied one up to `untilId` (`+`: the end). */
  private async catchUp(untilId: string): Promise<number> {
    let applied = 0;
    for (;;) {
      const batch = await this.client.xRange(this.keys.writes, `(${this.lastId}`, untilId, { COUNT: BATCH });
      applied += this.apply(batch as Array<{ id: string; message: Record<string, string> }>);
      if (batch.length < BATCH) return applied;
    }
  }

  /** Waits `ms`, or less when the tail connection comes back first. */
  private reconnected(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.tailClient.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.tailClient.once('ready', done);
    });
  }

  private async tail(): Promise<void> {
    let delay = 50;
    while (!this.stopped) {
      try {
        const reply = await this.tailClient.xRead({ key: this.keys.writes, id: this.lastId }, { BLOCK: TAIL_BLOCK_MS, COUNT: BATCH });
        delay = 50;
        for (const stream of (reply ?? []) as Array<{ messages: Array<{ id: string; message: Record<string, string> }> }>) this.apply(stream.messages);
      } catch (error) {
        if (this.stopped) return;
        this.logger?.debug({ err: (error as Error).message, delayMs: delay }, 'write log tail: store unavailable; retrying');
        await this.reconnected(delay);
        delay = Math.min(delay * 2, 1000);
      }
    }
  }
}
