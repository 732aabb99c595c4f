import { useUserDictionary, type UserDictionary } from '../analysis';
import type { Manifest } from './manifest';

/** The user dictionary a node cuts with, and how a replacement reaches the index and every node. */
export interface DictionaryControl {
  /** The manifest of the generation this node serves now (which segments are cut with which dictionary); none for an index built in memory. */
  served(): Manifest | undefined;
  /** Puts `dictionary` in force durably, on every node, and has the index cut again with it; resolves once this node cuts queries with it. */
  replace(dictionary: UserDictionary): Promise<{ stallMs: number }>;
}

/** The dictionary of an index built in memory (tests): a replacement cuts queries and new writes only. */
export const memoryDictionary: DictionaryControl = {
  served: () => undefined,
  replace: async (dictionary) => useUserDictionary(dictionary),
};
