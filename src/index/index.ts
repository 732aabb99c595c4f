export { analyzeDocument, type AnalyzedDocument } from './analyze-document';
export { buildIndex, buildIndexData, mergePartials, readCorpusInSegments, type BuildTimings, type CorpusBuildProgress } from './build';
export { buildIndexFromCorpus, ensureIndex, ensureIndexBuilt, type BuildOptions, type BuildProgress, type BuildReport, type BuildResult } from './ensure-index';
export { indexFromData, indexFromSegments, type IndexData } from './index-data';
export { analyzeBatch, PartialIndexBuilder, type PartialIndex } from './partial-index';
export { FORMAT_VERSION, type Manifest, type SegmentInfo } from './manifest';
export { defaultMergePolicyOptions, selectMerge, type MergePolicyOptions } from './merge-policy';
export { commitGeneration, indexBytes, readIndex, readManifest, verifyIndex, writeIndex, writeSegment, type BuildMeta } from './persist';
export { SearchIndex, type Posting } from './search-index';
