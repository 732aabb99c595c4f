import type { Logger } from 'pino';
import { JiansuoError } from '../errors';
import { parseSynonyms, type Synonyms } from '../search/synonyms';
import type { SynonymRules } from '../search/synonym-rules';
import type { RedisClient } from './redis-store';
import { withTimeout } from './redis-writes';

/** How often a node checks the store for rules replaced on another node. */
export const SYNONYMS_POLL_MS = 1000;

/** Longest a replacement waits for the store before it is answered with 503. */
const REPLACE_TIMEOUT_MS = 2000;

/**
 * The synonym rules of a node over Redis: a replacement is stored in the hash `synonyms`
 * (`text`, `version`) before this node serves it, and every node checks the version once a
 * second, so all serve the last rules stored within about a second. Until rules are first
 * stored, each node serves the rules it started with (its `JIANSUO_SYNONYMS`).
 */
export class RedisSynonyms implements SynonymRules {
  private timer: NodeJS.Timeout | null = null;
  /** Counts replacements by this node, so that a check begun before one does not undo it. */
  private replaced = 0;
  /** The version of malformed rules found in the store, reported once. */
  private rejected: string | null = null;

  constructor(
    private readonly client: RedisClient,
    private readonly key: string,
    private synonyms: Synonyms,
    private readonly logger?: Logger,
  ) {}

  /** Serves the rules the store holds, if any, then checks for newer ones every {@link SYNONYMS_POLL_MS}. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => this.logger?.debug({ err: error.message }, 'synonyms not checked: store unavailable; retrying'));
    }, SYNONYMS_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  current(): Synonyms {
    return this.synonyms;
  }

  async replace(synonyms: Synonyms): Promise<void> {
    this.replaced++;
    try {
      if (!this.client.isReady) throw new Error('not connected');
      await withTimeout(this.client.hSet(this.key, { text: synonyms.text, version: synonyms.version }), REPLACE_TIMEOUT_MS, 'HSET');
    } catch (error) {
      throw new JiansuoError('store_unavailable', `the synonyms were not stored (${(error as Error).message}); the rules in force stay; retry later`);
    }
    this.synonyms = synonyms;
  }

  private async refresh(): Promise<void> {
    const seen = this.replaced;
    const version = await this.client.hGet(this.key, 'version');
    if (version === null || version === this.synonyms.version || version === this.rejected) return;
    const text = await this.client.hGet(this.key, 'text');
    if (text === null || this.replaced !== seen) return;
    try {
      this.synonyms = parseSynonyms(text, 'the store');
    } catch (error) {
      // Not stored by jiansuo, which checks rules before it stores them.
      this.rejected = version;
      this.logger?.error({ key: this.key, err: (error as Error).message }, 'synonyms in the store are malformed; the rules in force stay');
    }
  }
}
