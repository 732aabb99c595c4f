import type { Synonyms } from './synonyms';

/** The synonym rules a node serves, and how a replacement reaches every node and the disk. */
export interface SynonymRules {
  /** The rules in force now. */
  current(): Synonyms;
  /** Makes `synonyms` durable and puts them in force on every node; resolves once this node serves them. */
  replace(synonyms: Synonyms): Promise<void>;
}

/**
 * The rules of a single process: a replacement is made durable by `persist` (by default
 * nowhere: an index in memory), then served.
 *
 * @example new LocalSynonyms(noSynonyms, (text) => new SynonymFile('index').write(text))
 */
export class LocalSynonyms implements SynonymRules {
  constructor(
    private synonyms: Synonyms,
    private readonly persist: (text: string) => Promise<void> = async () => undefined,
  ) {}

  current(): Synonyms {
    return this.synonyms;
  }

  async replace(synonyms: Synonyms): Promise<void> {
    await this.persist(synonyms.text);
    this.synonyms = synonyms;
  }
}
