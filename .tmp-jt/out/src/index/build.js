"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.gramChunksOf = gramChunksOf;
exports.buildIndexData = buildIndexData;
exports.buildIndex = buildIndex;
const analyze_document_1 = require("./analyze-document");
const index_data_1 = require("./index-data");
const search_index_1 = require("./search-index");
/** Grams per FlexSearch import chunk: small enough to parse without a long pause. */
const GRAMS_PER_CHUNK = 50_000;
/**
 * Serialises gram postings in FlexSearch 0.8's export format (`reg` = ids, `map` = term →
 * slots of ids, one slot at resolution 1), so the gram index is filled by one `import`
 * per chunk instead of one `add` per document — several times faster on a large corpus.
 */
function gramChunksOf(postings, docCount) {
    const chunks = [['reg', JSON.stringify(Array.from({ length: docCount }, (_, i) => i))]];
    let batch = [];
    for (const [gram, docs] of postings) {
        batch.push([gram, [docs]]);
        if (batch.length === GRAMS_PER_CHUNK) {
            chunks.push([`${chunks.length}.map`, JSON.stringify(batch)]);
            batch = [];
        }
    }
    if (batch.length > 0)
        chunks.push([`${chunks.length}.map`, JSON.stringify(batch)]);
    return chunks;
}
/**
 * Builds an index over articles in this thread.
 *
 * @example buildIndexData(report.articles).data.docs.length
 */
function buildIndexData(articles, onProgress) {
    const index = new search_index_1.SearchIndex();
    const postings = new Map();
    let analyzeMs = 0;
    let postingsMs = 0;
    articles.forEach((article, i) => {
        const t0 = performance.now();
        const analyzed = (0, analyze_document_1.analyzeDocument)(article);
        const t1 = performance.now();
        const doc = index.appendAnalyzed(article, analyzed);
        for (const gram of (0, analyze_document_1.gramsOf)([analyzed.normTitle, analyzed.normBody])) {
            const docs = postings.get(gram);
            if (docs)
                docs.push(doc);
            else
                postings.set(gram, [doc]);
        }
        analyzeMs += t1 - t0;
        postingsMs += performance.now() - t1;
        if (onProgress && (i % 500 === 499 || i === articles.length - 1))
            onProgress(i + 1);
    });
    const t2 = performance.now();
    const data = (0, index_data_1.dataFromIndex)(index, gramChunksOf(postings, articles.length));
    return { data, timings: { analyzeMs, postingsMs, importMs: performance.now() - t2 } };
}
/** Builds a searchable in-memory index (what tests and `PUT` replays use). */
function buildIndex(articles) {
    return (0, index_data_1.indexFromData)(buildIndexData(articles).data);
}
//# sourceMappingURL=build.js.map