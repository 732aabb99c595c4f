"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.suggest = suggest;
const analysis_1 = require("../analysis");
const vocabularies = new WeakMap();
function buildVocabulary(index) {
    const entries = new Map();
    for (const [word, posting] of index.words) {
        // One-character words complete nothing a user has not typed already.
        if (word.length > 1)
            entries.set(word, { text: word, kind: 'word', count: posting.docs.length });
    }
    for (const doc of index.liveDocs()) {
        const title = index.docs[doc].title;
        const key = index.normTitles[doc];
        if (key.length === 0)
            continue;
        const existing = entries.get(key);
        if (existing && existing.kind === 'title')
            existing.count++;
        else if (!existing)
            entries.set(key, { text: title, kind: 'title', count: 1 });
    }
    return { keys: [...entries.keys()].sort(), entries };
}
function lowerBound(keys, prefix) {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid] < prefix)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/**
 * Completions for a prefix: indexed words and titles that start with it (after
 * normalisation), most frequent first, words before titles at equal counts.
 *
 * @example suggest(index, '海通', 3) // [{ text: '海通证券', kind: 'word', count: 5 }, …]
 */
function suggest(index, prefix, limit) {
    const key = (0, analysis_1.normalize)(prefix).trim();
    if (key.length === 0)
        return [];
    let cached = vocabularies.get(index);
    if (!cached || cached.version !== index.generation) {
        cached = { version: index.generation, vocabulary: buildVocabulary(index) };
        vocabularies.set(index, cached);
    }
    const { keys, entries } = cached.vocabulary;
    const found = [];
    for (let i = lowerBound(keys, key); i < keys.length && keys[i].startsWith(key); i++) {
        if (keys[i] !== key)
            found.push(entries.get(keys[i]));
    }
    found.sort((a, b) => b.count - a.count || (a.kind === b.kind ? (a.text < b.text ? -1 : 1) : a.kind === 'word' ? -1 : 1));
    return found.slice(0, limit);
}
//# sourceMappingURL=suggest.js.map