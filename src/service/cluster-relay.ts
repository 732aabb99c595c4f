import cluster from 'node:cluster';
import { parseUserDictionary, useUserDictionary, versionOf, type UserDictionary } from '../analysis';
import type { DictionaryControl } from '../index/dictionary-control';
import type { Manifest } from '../index/manifest';
import type { SearchIndex } from '../index/search-index';
import { applyWrite, type WriteEntry, type WriteOutcome } from '../index/write-log';
import type { WriteSink } from '../index/write-sink';
import { noSynonyms, parseSynonyms, type Synonyms } from '../search/synonyms';
import type { SynonymRules } from '../search/synonym-rules';

/**
 * Messages between the cluster primary and its service workers. Every write goes through the
 * primary, the one writer of the log: it appends and fsyncs the write, then broadcasts it to
 * every worker in log order, so all copies of the index see the same writes in the same order.
 * A replacement of the synonym rules goes the same way, through the primary's synonyms file,
 * and so does one of the user dictionary, through the primary's live dictionary.
 */
export type ToPrimary = { type: 'write'; ticket: number; entry: WriteEntry } | { type: 'synonyms'; ticket: number; text: string } | { type: 'dictionary'; ticket: number; text: string };
export type ToWorker =
  | { type: 'apply'; entry: WriteEntry; origin: number; ticket: number }
  | { type: 'write-failed'; ticket: number; message: string }
  | { type: 'synonyms'; text: string; origin: number; ticket: number }
  | { type: 'synonyms-failed'; ticket: number; message: string }
  | { type: 'dictionary'; text: string; origin: number; ticket: number }
  | { type: 'dictionary-failed'; ticket: number; message: string };

/** A worker's line to the primary: by default its IPC channel (`process.send`, `process.on('message')`). */
export interface PrimaryChannel {
  /** The worker's id, which the primary names as the origin of the writes it broadcasts. */
  workerId: number | undefined;
  send(message: ToPrimary): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

const ipcChannel = (): PrimaryChannel => ({
  workerId: cluster.worker?.id,
  send: (message) => process.send!(message),
  onMessage: (listener) => process.on('message', listener),
});

/** A request sent to the primary, waiting for its broadcast or its failure. */
type Waiting<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

/** The requests a worker has sent to the primary and not yet seen answered, by ticket. */
class Tickets<T> {
  private readonly pending = new Map<number, Waiting<T>>();
  private next = 0;

  /** Sends a request under a new ticket; the promise settles when {@link settle} is called for it. */
  send(send: (ticket: number) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      const ticket = ++this.next;
      this.pending.set(ticket, { resolve, reject });
      send(ticket);
    });
  }

  settle(ticket: number): Waiting<T> | undefined {
    const waiting = this.pending.get(ticket);
    this.pending.delete(ticket);
    return waiting;
  }
}

/**
 * A worker's write sink: sends the write to the primary and resolves once the primary has made
 * it durable and this worker has applied it, with what applying it did: the primary's order
 * decides, since writes other workers sent first are applied here before it (a delete of an id
 * that is not there by then is logged, a no-op everywhere). Broadcast writes that arrive before
 * the index is loaded are kept and applied after the log replay: replaying a write twice in log
 * order leaves the same index, since each write sets or removes one id.
 */
export class ClusterWrites implements WriteSink {
  private index: SearchIndex | null = null;
  private readonly early: WriteEntry[] = [];
  private readonly tickets = new Tickets<WriteOutcome>();

  constructor(private readonly channel: PrimaryChannel = ipcChannel()) {
    channel.onMessage((message) => this.receive(message));
  }

  /** Starts applying broadcast writes to `index` (after its log replay). */
  attach(index: SearchIndex): void {
    this.index = index;
    for (const entry of this.early.splice(0)) applyWrite(index, entry);
  }

  commit(_index: SearchIndex, entry: WriteEntry): Promise<WriteOutcome> {
    return this.tickets.send((ticket) => this.channel.send({ type: 'write', ticket, entry }));
  }

  private receive(message: ToWorker): void {
    if (message?.type === 'apply') {
      // A worker writes only once it serves, so its own writes never arrive early.
      if (!this.index) this.early.push(message.entry);
      else {
        const outcome = applyWrite(this.index, message.entry);
        if (message.origin === this.channel.workerId) this.tickets.settle(message.ticket)?.resolve(outcome);
      }
    } else if (message?.type === 'write-failed') {
      this.tickets.settle(message.ticket)?.reject(new Error(message.message));
    }
  }
}

/**
 * A worker's synonym rules: a replacement is sent to the primary, which writes it to the
 * synonyms file and broadcasts it; every worker serves each broadcast as it arrives, and the
 * replacing request resolves once this worker serves its own.
 */
export class ClusterSynonyms implements SynonymRules {
  private synonyms: Synonyms | null = null;
  private readonly tickets = new Tickets<void>();

  constructor(private readonly channel: PrimaryChannel = ipcChannel()) {
    channel.onMessage((message) => this.receive(message));
  }

  /**
   * Serves `initial`, the rules read from disk at start, unless a broadcast came first: the
   * primary writes the file before it broadcasts, so a broadcast is never older than the file.
   */
  attach(initial: Synonyms): void {
    this.synonyms ??= initial;
  }

  current(): Synonyms {
    return this.synonyms ?? noSynonyms;
  }

  replace(synonyms: Synonyms): Promise<void> {
    return this.tickets.send((ticket) => this.channel.send({ type: 'synonyms', ticket, text: synonyms.text }));
  }

  private receive(message: ToWorker): void {
    if (message?.type === 'synonyms') {
      this.synonyms = parseSynonyms(message.text);
      if (message.origin === this.channel.workerId) this.tickets.settle(message.ticket)?.resolve();
    } else if (message?.type === 'synonyms-failed') {
      this.tickets.settle(message.ticket)?.reject(new Error(message.message));
    }
  }
}

/**
 * A worker's user dictionary: a replacement is sent to the primary, which keeps it with the
 * index, puts it in force and has the index cut again with it, and broadcasts it; every worker
 * puts each broadcast in force as it arrives (its generations would bring it too), and the
 * replacing request resolves once this worker cuts with its own.
 */
export class ClusterDictionary implements DictionaryControl {
  private readonly tickets = new Tickets<{ stallMs: number }>();

  constructor(
    private readonly manifest: () => Manifest | undefined,
    private readonly channel: PrimaryChannel = ipcChannel(),
  ) {
    channel.onMessage((message) => this.receive(message));
  }

  served(): Manifest | undefined {
    return this.manifest();
  }

  replace(dictionary: UserDictionary): Promise<{ stallMs: number }> {
    return this.tickets.send((ticket) => this.channel.send({ type: 'dictionary', ticket, text: dictionary.text }));
  }

  private receive(message: ToWorker): void {
    if (message?.type === 'dictionary') {
      const switched = useUserDictionary(parseUserDictionary(message.text, 'the cluster primary', versionOf));
      if (message.origin === this.channel.workerId) this.tickets.settle(message.ticket)?.resolve(switched);
    } else if (message?.type === 'dictionary-failed') {
      this.tickets.settle(message.ticket)?.reject(new Error(message.message));
    }
  }
}
