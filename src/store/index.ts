export { connectStore, downloadIndex, redactedUrl, storeKeys, uploadGeneration, type RedisClient, type StoreKeys, type UploadReport } from './redis-store';
export { compareStreamIds, RedisWrites } from './redis-writes';
export { openReplica, type StoreReplica } from './replica';
export type { StoreHealth } from './store-health';
export { RedisSynonyms, SYNONYMS_POLL_MS } from './redis-synonyms';
export { buildIntoStore, copyWriteStream, downloadGenerationInto } from './store-build';
