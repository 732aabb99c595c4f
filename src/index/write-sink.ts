import type { SearchIndex } from './search-index';
import type { WriteEntry } from './write-log';

/** Where acknowledged writes go: durably, then into the index (see `WriteLog.commit`). */
export interface WriteSink {
  commit(index: SearchIndex, entry: WriteEntry): Promise<void>;
}
