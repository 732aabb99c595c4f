"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.segmentNormalized = segmentNormalized;
exports.tokenize = tokenize;
const nodejieba_1 = __importDefault(require("nodejieba"));
const dictionary_1 = require("./dictionary");
const normalize_1 = require("./normalize");
/** Latin/digit runs are one token whatever jieba does with them (`600837.sh`, `iphone15`, `5g`). */
const LATIN_RUN = /[a-z0-9]+(?:[._-][a-z0-9]+)*/y;
const WORD_CHAR = /[\p{L}\p{N}]/u;
function isAsciiAlnum(code) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}
function isHan(code) {
    return code >= 0x4e00 && code <= 0x9fff;
}
/**
 * Segments NORMALISED text into words and search-mode sub-words, offsets in that text.
 * Whitespace and punctuation are not tokens.
 *
 * @example segmentNormalized('ab轮岗实行7*24小时').map((t) => t.word)
 * // ['轮岗', 'ab轮岗', '实行', '7', '24', '小时']
 */
function segmentNormalized(text) {
    const { shortWords } = (0, dictionary_1.loadDictionary)();
    const pieces = nodejieba_1.default.cut(text, true);
    const tokens = [];
    const emit = (start, end) => {
        const word = text.slice(start, end);
        const first = word.charCodeAt(0);
        if (word.length > 2 && (isHan(first) || isHan(word.charCodeAt(word.length - 1)))) {
            // jieba's search mode: dictionary 2-grams, then 3-grams, inside a longer word.
            for (let n = 2; n <= 3 && n < word.length; n++) {
                for (let i = 0; i + n <= word.length; i++) {
                    const sub = word.slice(i, i + n);
                    if (shortWords.has(sub))
                        tokens.push({ word: sub, start: start + i, end: start + i + n, sub: true });
                }
            }
        }
        else if (!isAsciiAlnum(first) && !WORD_CHAR.test(word)) {
            return;
        }
        tokens.push({ word, start, end, sub: false });
    };
    let pos = 0;
    for (let p = 0; p < pieces.length; p++) {
        const start = pos;
        let end = pos + pieces[p].length;
        pos = end;
        if (isAsciiAlnum(text.charCodeAt(start)) && (start === 0 || !isAsciiAlnum(text.charCodeAt(start - 1)))) {
            LATIN_RUN.lastIndex = start;
            LATIN_RUN.test(text);
            const runEnd = LATIN_RUN.lastIndex;
            // Join the pieces jieba made of one run; a piece that leaves the run (a dictionary
            // word such as `ab轮岗`) is kept as jieba cut it.
            let q = p;
            while (end < runEnd && q + 1 < pieces.length) {
                q++;
                end += pieces[q].length;
            }
            if (end === runEnd) {
                p = q;
                pos = end;
                emit(start, end);
                continue;
            }
            end = start + pieces[p].length;
        }
        emit(start, end);
    }
    return tokens;
}
/**
 * Normalises ORIGINAL text and segments it; offsets point into the original string, so
 * `text.slice(t.start, t.end)` normalises to `t.word`.
 *
 * @example tokenize('海通證券').map((t) => [t.word, t.start, t.end])
 * // [['海通', 0, 2], ['证券', 2, 4], ['海通证券', 0, 4]]
 */
function tokenize(text) {
    const norm = (0, normalize_1.normalizeWithMap)(text);
    const tokens = [];
    for (const token of segmentNormalized(norm.text)) {
        // A token that begins or ends inside one original character's expansion (㈱ → (株))
        // cannot be sliced from the original; such pieces are not words a reader would search.
        if (token.start > 0 && norm.starts[token.start] === norm.starts[token.start - 1])
            continue;
        if (token.end < norm.text.length && norm.starts[token.end] === norm.starts[token.end - 1])
            continue;
        tokens.push({ ...token, start: norm.starts[token.start], end: norm.ends[token.end - 1] });
    }
    return tokens;
}
//# sourceMappingURL=segment.js.map