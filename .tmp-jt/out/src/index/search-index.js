"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SearchIndex = exports.GRAM_SEPARATOR = void 0;
exports.createGramIndex = createGramIndex;
const flexsearch_1 = require("flexsearch");
const errors_1 = require("../errors");
const analyze_document_1 = require("./analyze-document");
/** Separates grams in the strings handed to FlexSearch; normalisation removes it from all text. */
exports.GRAM_SEPARATOR = '\u0000';
/**
 * The FlexSearch index of grams: its keys are unigrams and bigrams, its ids document numbers.
 * The encoder only splits on the separator: the grams are already normalised, and FlexSearch's
 * own normalisation (dedupe of repeated letters, numeric triplets) would change them.
 */
function createGramIndex() {
    const encoder = new flexsearch_1.Encoder({
        normalize: false,
        dedupe: false,
        numeric: false,
        split: exports.GRAM_SEPARATOR,
        cache: false,
        minlength: 1,
        maxlength: 4,
    });
    return new flexsearch_1.Index({ tokenize: 'strict', resolution: 1, encoder, fastupdate: false, cache: false });
}
function dateMillis(date) {
    return date === null ? Number.NaN : Date.parse(date);
}
/**
 * The in-memory index: stored articles, their normalised text (for verification), the
 * FlexSearch gram index (candidates), word postings (BM25) and tombstones for deleted documents.
 * Documents are numbered in insertion order; a replaced document gets a new number.
 */
class SearchIndex {
    docs = [];
    normTitles = [];
    normBodies = [];
    dates = [];
    titleLengths = [];
    bodyLengths = [];
    words = new Map();
    deleted = new Set();
    grams;
    byId = new Map();
    changes = 0;
    titleLengthSum = 0;
    bodyLengthSum = 0;
    constructor(grams = createGramIndex()) {
        this.grams = grams;
    }
    /** Number of documents that can be found (deleted ones excluded). */
    get size() {
        return this.byId.size;
    }
    get averageTitleLength() {
        return this.size === 0 ? 0 : this.titleLengthSum / this.size;
    }
    get averageBodyLength() {
        return this.size === 0 ? 0 : this.bodyLengthSum / this.size;
    }
    /** Grows with every write: lets caches built from the index know they are out of date. */
    get generation() {
        return this.changes;
    }
    /** Document number of a live article, or `undefined`. */
    docNumber(id) {
        return this.byId.get(id);
    }
    /** Every live document number, ascending. */
    *liveDocs() {
        for (let doc = 0; doc < this.docs.length; doc++)
            if (!this.deleted.has(doc))
                yield doc;
    }
    /**
     * Appends an analysed article without touching the gram index: used by bulk builds and by
     * loading, which fill FlexSearch in one import instead of one `add` per document.
     */
    appendAnalyzed(article, analyzed) {
        const previous = this.byId.get(article.id);
        if (previous !== undefined)
            this.remove(article.id);
        const doc = this.docs.length;
        this.docs.push(article);
        this.normTitles.push(analyzed.normTitle);
        this.normBodies.push(analyzed.normBody);
        this.dates.push(dateMillis(article.date));
        this.titleLengths.push(analyzed.titleLength);
        this.bodyLengths.push(analyzed.bodyLength);
        this.titleLengthSum += analyzed.titleLength;
        this.bodyLengthSum += analyzed.bodyLength;
        this.byId.set(article.id, doc);
        this.changes++;
        for (const [word, tf] of analyzed.words)
            this.appendPosting(word, doc, tf);
        return doc;
    }
    /** Adds or replaces one article, visible to the next search. */
    upsert(article) {
        const analyzed = (0, analyze_document_1.analyzeDocument)(article);
        const doc = this.appendAnalyzed(article, analyzed);
        this.grams.add(doc, [...(0, analyze_document_1.gramsOf)([analyzed.normTitle, analyzed.normBody])].join(exports.GRAM_SEPARATOR));
        return doc;
    }
    /** Deletes an article by id; returns whether it existed. Its postings stay as a tombstone. */
    remove(id) {
        const doc = this.byId.get(id);
        if (doc === undefined)
            return false;
        this.byId.delete(id);
        this.deleted.add(doc);
        this.changes++;
        this.titleLengthSum -= this.titleLengths[doc];
        this.bodyLengthSum -= this.bodyLengths[doc];
        return true;
    }
    appendPosting(word, doc, tf) {
        let posting = this.words.get(word);
        if (!posting) {
            posting = { docs: [], tfs: [] };
            this.words.set(word, posting);
        }
        else if (!Array.isArray(posting.docs)) {
            // Loaded postings are typed arrays; the first write to a word makes it growable.
            posting = { docs: Array.from(posting.docs), tfs: Array.from(posting.tfs) };
            this.words.set(word, posting);
        }
        posting.docs.push(doc);
        posting.tfs.push(tf);
    }
    /** Article by id, or a `not_found` error naming it. */
    get(id) {
        const doc = this.byId.get(id);
        if (doc === undefined)
            throw new errors_1.JiansuoError('not_found', `no document with id "${id}"`);
        return this.docs[doc];
    }
}
exports.SearchIndex = SearchIndex;
//# sourceMappingURL=search-index.js.map