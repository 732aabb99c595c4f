import type { SearchIndex } from './search-index';
import type { WriteEntry, WriteOutcome } from './write-log';

/**
 * Where acknowledged writes go: durably, then into the index (see `WriteLog.commit`). A write's
 * outcome is decided where writes are put in one order (the log, the cluster primary, the
 * store's stream), when it is applied in that order, never from a copy that may lag behind it.
 */
export interface WriteSink {
  /** Resolves once `entry` is durable and applied to `index`, with what it did. */
  commit(index: SearchIndex, entry: WriteEntry): Promise<WriteOutcome>;
}
