import { useUserDictionary, type UserDictionary } from '../analysis';
import { resegmentIndex, type ResegmentProgress } from './resegment';
import { writeUserDictionary } from './user-dictionary-file';

/** What a {@link LiveDictionary} reports as it brings the index to a new dictionary. */
export interface LiveDictionaryEvents {
  onSegment?: (progress: ResegmentProgress) => void;
  /** A run ended: `complete` when every segment is cut with the dictionary in force. */
  onDone?: (complete: boolean) => void;
  onError?: (error: Error) => void;
}

/**
 * The user dictionary of an index folder this process builds (the one process, or the cluster
 * primary): a replacement is kept in the folder, put in force here at once, and the index is
 * cut again with it in the background (see `resegmentIndex`), one run after another.
 *
 * @example await new LiveDictionary('index').replace(parseUserDictionary('宁德时代 300 nt', 'PUT', versionOf))
 */
export class LiveDictionary {
  private writes: Promise<unknown> = Promise.resolve();
  private runs: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly indexDir: string,
    private readonly events: LiveDictionaryEvents = {},
  ) {}

  /** Makes `dictionary` durable, then {@link use}s it; replacements apply in the order they were asked for. */
  replace(dictionary: UserDictionary): Promise<{ stallMs: number }> {
    const replaced = this.writes.then(async () => {
      await writeUserDictionary(this.indexDir, dictionary.text);
      return this.use(dictionary);
    });
    this.writes = replaced.catch(() => undefined);
    return replaced;
  }

  /**
   * Puts `dictionary` in force in this process and starts bringing the index to it. Returns
   * how long this thread stalled loading it into jieba (0 when jieba is not loaded here).
   */
  use(dictionary: UserDictionary): { stallMs: number } {
    const { stallMs } = useUserDictionary(dictionary);
    this.resume();
    return { stallMs };
  }

  /** Starts bringing the index to the dictionary in force, once the run before has ended (it ends early when the dictionary changed). */
  resume(): void {
    const { onSegment, onDone, onError } = this.events;
    const stopped = (): boolean => this.stopped;
    this.runs = this.runs.then(() => resegmentIndex(this.indexDir, { stopped, ...(onSegment ? { onSegment } : {}) })).then(
      (complete) => onDone?.(complete),
      (error: Error) => onError?.(error),
    );
  }

  /** Resolves once the runs started so far have ended. */
  settled(): Promise<void> {
    return this.runs;
  }

  /** Ends the run under way after the segment it is cutting (it is not committed); resolves once it has ended. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.runs;
  }
}
