"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.indexFromData = indexFromData;
exports.dataFromIndex = dataFromIndex;
const analysis_1 = require("../analysis");
const search_index_1 = require("./search-index");
/**
 * Rebuilds the in-memory index from its persisted form. Text is normalised again (cheap, and
 * the analyzer version in the manifest guarantees the same result); nothing is re-segmented.
 */
function indexFromData(data) {
    const grams = (0, search_index_1.createGramIndex)();
    for (const [key, json] of data.gramChunks)
        grams.import(key, json);
    const index = new search_index_1.SearchIndex(grams);
    const noWords = new Map();
    data.docs.forEach((article, doc) => {
        index.appendAnalyzed(article, {
            normTitle: (0, analysis_1.normalize)(article.title),
            normBody: (0, analysis_1.normalize)(article.text),
            words: noWords,
            titleLength: data.titleLengths[doc],
            bodyLength: data.bodyLengths[doc],
        });
    });
    for (let w = 0; w < data.words.length; w++) {
        const from = data.offsets[w];
        const to = data.offsets[w + 1];
        index.words.set(data.words[w], { docs: data.postingDocs.subarray(from, to), tfs: data.postingTfs.subarray(from, to) });
    }
    return index;
}
/** The persisted form of an index whose documents were never deleted or replaced. */
function dataFromIndex(index, gramChunks) {
    const words = [...index.words.keys()];
    let total = 0;
    for (const posting of index.words.values())
        total += posting.docs.length;
    const offsets = new Uint32Array(words.length + 1);
    const postingDocs = new Uint32Array(total);
    const postingTfs = new Uint32Array(total);
    let at = 0;
    words.forEach((word, w) => {
        const posting = index.words.get(word);
        offsets[w] = at;
        postingDocs.set(posting.docs, at);
        postingTfs.set(posting.tfs, at);
        at += posting.docs.length;
    });
    offsets[words.length] = at;
    return {
        docs: index.docs,
        titleLengths: index.titleLengths,
        bodyLengths: index.bodyLengths,
        words,
        offsets,
        postingDocs,
        postingTfs,
        gramChunks,
    };
}
//# sourceMappingURL=index-data.js.map