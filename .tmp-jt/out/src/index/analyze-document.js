"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.packTf = packTf;
exports.titleTfOf = titleTfOf;
exports.bodyTfOf = bodyTfOf;
exports.analyzeDocument = analyzeDocument;
exports.gramsOf = gramsOf;
const analysis_1 = require("../analysis");
/** Term frequencies of one word in one document, title and body in one number. */
function packTf(titleTf, bodyTf) {
    return Math.min(titleTf, 0x7fff) * 0x10000 + Math.min(bodyTf, 0xffff);
}
function titleTfOf(packed) {
    return Math.floor(packed / 0x10000);
}
function bodyTfOf(packed) {
    return packed % 0x10000;
}
/**
 * Normalises and segments an article once, for everything the index needs from it.
 *
 * @example analyzeDocument(article).words.get('海通证券') // 65537: once in the title, once in the body
 */
function analyzeDocument(article) {
    const normTitle = (0, analysis_1.normalize)(article.title);
    const normBody = (0, analysis_1.normalize)(article.text);
    const words = new Map();
    const titleTokens = (0, analysis_1.segmentNormalized)(normTitle);
    for (const token of titleTokens)
        words.set(token.word, (words.get(token.word) ?? 0) + 0x10000);
    const bodyTokens = (0, analysis_1.segmentNormalized)(normBody);
    for (const token of bodyTokens)
        words.set(token.word, (words.get(token.word) ?? 0) + 1);
    return { normTitle, normBody, words, titleLength: titleTokens.length, bodyLength: bodyTokens.length };
}
/**
 * The distinct unigrams and bigrams (UTF-16 units) of a field: the keys of the candidate index.
 * Fields are passed separately so that no bigram spans the title and the body.
 *
 * @example gramsOf(['ab', '中国']) // Set {'a', 'b', 'ab', '中', '国', '中国'}
 */
function gramsOf(fields, into = new Set()) {
    for (const field of fields) {
        for (let i = 0; i < field.length; i++) {
            into.add(field[i]);
            if (i + 1 < field.length)
                into.add(field.slice(i, i + 2));
        }
    }
    return into;
}
//# sourceMappingURL=analyze-document.js.map