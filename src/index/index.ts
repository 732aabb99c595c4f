export { analyzeDocument, type AnalyzedDocument } from './analyze-document';
export { buildIndex, buildIndexData, buildIndexDataParallel, mergePartials, type BuildTimings } from './build';
export { buildIndexFromCorpus, ensureIndex, ensureIndexBuilt, type BuildProgress, type BuildResult } from './ensure-index';
export { indexFromData, type IndexData } from './index-data';
export { analyzeBatch, type PartialIndex } from './partial-index';
export { FORMAT_VERSION, type Manifest } from './manifest';
export { indexBytes, readIndex, readManifest, verifyIndex, writeIndex, type BuildMeta } from './persist';
export { SearchIndex, type Posting } from './search-index';
