export { analyzeDocument, type AnalyzedDocument } from './analyze-document';
export { buildIndex, buildIndexData, mergePartials, readAndAnalyzeCorpus, type BuildTimings, type CorpusBuildProgress } from './build';
export { buildIndexFromCorpus, ensureIndex, ensureIndexBuilt, type BuildProgress, type BuildResult } from './ensure-index';
export { indexFromData, type IndexData } from './index-data';
export { analyzeBatch, PartialIndexBuilder, type PartialIndex } from './partial-index';
export { FORMAT_VERSION, type Manifest } from './manifest';
export { indexBytes, readIndex, readManifest, verifyIndex, writeIndex, type BuildMeta } from './persist';
export { SearchIndex, type Posting } from './search-index';
