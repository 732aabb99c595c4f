"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultRankOptions = void 0;
exports.scoringWords = scoringWords;
exports.bm25 = bm25;
exports.proximity = proximity;
const analysis_1 = require("../analysis");
const analyze_document_1 = require("../index/analyze-document");
exports.defaultRankOptions = {
    k1: 1.2,
    b: 0.75,
    titleWeight: 4,
    proximityWeight: 2,
    rescoreWindow: 100,
};
function idf(n, df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
/** The term's search-mode words that occur in the index, deduplicated. */
function scoringWords(index, term) {
    const words = new Set();
    for (const token of (0, analysis_1.segmentNormalized)(term.norm))
        if (index.words.has(token.word))
            words.add(token.word);
    return [...words];
}
function countOccurrences(text, term) {
    let count = 0;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length))
        count++;
    return count;
}
/**
 * BM25F scores (title occurrences weighted above body ones) for the matched documents.
 * Returns scores aligned with `matched`.
 */
function bm25(index, matched, terms, options) {
    const scores = new Float64Array(matched.length);
    if (matched.length === 0)
        return scores;
    const n = index.size;
    const avgTitle = index.averageTitleLength || 1;
    const avgBody = index.averageBodyLength || 1;
    const slot = new Map();
    matched.forEach((doc, i) => slot.set(doc, i));
    const add = (doc, weight, titleTf, bodyTf) => {
        const i = slot.get(doc);
        if (i === undefined)
            return;
        const tf = (options.titleWeight * titleTf) / (1 - options.b + (options.b * index.titleLengths[doc]) / avgTitle) +
            bodyTf / (1 - options.b + (options.b * index.bodyLengths[doc]) / avgBody);
        scores[i] += (weight * tf * (options.k1 + 1)) / (tf + options.k1);
    };
    for (const { term, words, docs } of terms) {
        if (words.length === 0) {
            // Not a word jieba knows (`600837`, `券商抗`): count the term itself.
            const weight = idf(n, docs.length);
            for (const doc of docs) {
                const bodyTf = term.field === 'title' ? 0 : countOccurrences(index.normBodies[doc], term.norm);
                add(doc, weight, countOccurrences(index.normTitles[doc], term.norm), bodyTf);
            }
            continue;
        }
        for (const word of words) {
            const posting = index.words.get(word);
            const weight = idf(n, posting.docs.length) / words.length;
            walkPosting(posting, matched, (doc, tf) => add(doc, weight, (0, analyze_document_1.titleTfOf)(tf), term.field === 'title' ? 0 : (0, analyze_document_1.bodyTfOf)(tf)));
        }
    }
    return scores;
}
/** Calls `visit` for each matched document in the posting, walking whichever list is shorter. */
function walkPosting(posting, matched, visit) {
    const { docs, tfs } = posting;
    if (docs.length <= matched.length * 8) {
        for (let k = 0; k < docs.length; k++)
            visit(docs[k], tfs[k]);
        return;
    }
    let lo = 0;
    for (const doc of matched) {
        let hi = docs.length;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (docs[mid] < doc)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < docs.length && docs[lo] === doc)
            visit(doc, tfs[lo]);
    }
}
/**
 * How close the query's terms stand in a text: 1 when they are adjacent, falling towards 0
 * as the shortest stretch holding one occurrence of each grows. `terms` are alternatives per
 * group (an OR group counts when any of its terms occurs).
 */
function proximity(text, groups) {
    const events = [];
    let needed = 0;
    groups.forEach((alternatives, g) => {
        let any = false;
        for (const term of alternatives) {
            for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
                events.push([at, at + term.length, g]);
                any = true;
            }
        }
        if (any)
            needed++;
    });
    if (needed < 2 || needed < groups.length)
        return 0;
    events.sort((x, y) => x[0] - y[0]);
    const counts = new Array(groups.length).fill(0);
    let covered = 0;
    let best = Infinity;
    let left = 0;
    for (let right = 0; right < events.length; right++) {
        if (counts[events[right][2]]++ === 0)
            covered++;
        while (covered === groups.length) {
            // The right event starts last; an earlier, longer term may end later still.
            const end = Math.max(events[right][1], events[left][1]);
            best = Math.min(best, end - events[left][0]);
            if (--counts[events[left][2]] === 0)
                covered--;
            left++;
        }
    }
    const minimal = groups.reduce((sum, alternatives) => sum + Math.min(...alternatives.map((t) => t.length)), 0);
    return best === Infinity ? 0 : Math.min(1, minimal / best);
}
//# sourceMappingURL=rank.js.map