export type { Article, LoadReport, RejectReason, Rejection } from './article';
export { decodeArticleBytes, type DecodeOutcome } from './decode';
export { CorpusFile, type CorpusListing, discoverFiles, isArticleFileName } from './discover';
export { articleOf, DEFAULT_UTC_OFFSET_MINUTES, normalizeDate, normalizeLabels, scalarText, type ArticleFields } from './fields';
export { fingerprintCorpus, snapshotCorpus, type CorpusSnapshot, type FileStat } from './fingerprint';
export { type BodyWithoutFooter, stripFooter } from './footer';
export { htmlToText } from './html-to-text';
export {
  type CorpusEntry,
  defaultLoadCorpusOptions,
  loadCorpus,
  type LoadCorpusOptions,
  readCorpus,
} from './load-corpus';
export { defaultParseArticleOptions, parseArticle, type ParseArticleOptions, type ParseOutcome } from './parse-article';
