"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalize = normalize;
exports.normalizeWithMap = normalizeWithMap;
const OpenCC = __importStar(require("opencc-js"));
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
/**
 * Characters that render as nothing: Ctrl-F in a browser looks through them, and the corpus
 * has U+200C inside words, so they must not break a substring match.
 */
const INVISIBLE = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
/** Combining marks join the preceding character so NFKC sees the whole cluster. */
const COMBINING_MARK = /\p{M}/u;
/** Per-cluster results; the working set is a few thousand distinct characters. */
const clusterCache = new Map();
function normalizeCluster(cluster) {
    const cached = clusterCache.get(cluster);
    if (cached !== undefined)
        return cached;
    let out = cluster;
    // Iterate to a fixed point so that normalising twice changes nothing, even where NFKC,
    // case folding and OpenCC feed each other (e.g. a full-width letter that folds to ASCII).
    for (let round = 0; round < 4; round++) {
        const next = dropInvisible(toSimplified(out.normalize('NFKC').toLowerCase()));
        if (next === out)
            break;
        out = next;
    }
    // Controls other than \n become nothing (tab-like ones a space) so that stray bytes never
    // split a word; \n is kept because it separates paragraphs.
    out = out.replace(/[\t\r\v\f]/g, ' ').replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '');
    clusterCache.set(cluster, out);
    return out;
}
function dropInvisible(s) {
    let out = '';
    for (const ch of s)
        if (!INVISIBLE.has(ch.codePointAt(0)))
            out += ch;
    return out;
}
function isMark(text, i) {
    const code = text.charCodeAt(i);
    return code >= 0x300 && COMBINING_MARK.test(String.fromCodePoint(text.codePointAt(i)));
}
/** Per BMP code unit: 0 not yet known, 1 normalises to itself, 2 changes (see `clusterCache`). */
const unitState = new Uint8Array(0x10000);
function unitIsIdentity(code) {
    let state = unitState[code];
    if (state === 0) {
        const ch = String.fromCharCode(code);
        state = normalizeCluster(ch) === ch ? 1 : 2;
        unitState[code] = state;
    }
    return state === 1;
}
/**
 * Normalises text for matching (SPEC §2): NFKC (full-width → half-width), lower case,
 * traditional → simplified (OpenCC, character by character so offsets stay exact), invisible
 * characters removed. The same function serves documents and queries.
 *
 * @example normalize('ＡＢ轮岗 海通證券') // 'ab轮岗 海通证券'
 */
function normalize(text) {
    let out = '';
    let copyFrom = 0;
    let i = 0;
    const n = text.length;
    while (i < n) {
        const code = text.charCodeAt(i);
        // Most characters of a news text normalise to themselves: skip over them and copy whole
        // runs at once instead of building the output character by character.
        const surrogate = code >= 0xd800 && code < 0xe000;
        if (!surrogate && unitIsIdentity(code) && !(i + 1 < n && text.charCodeAt(i + 1) >= 0x300 && isMark(text, i + 1))) {
            i++;
            continue;
        }
        if (copyFrom < i)
            out += text.slice(copyFrom, i);
        const end = clusterEnd(text, i);
        out += normalizeCluster(text.slice(i, end));
        i = end;
        copyFrom = i;
    }
    return copyFrom === 0 ? text : out + text.slice(copyFrom);
}
/**
 * Like {@link normalize}, and also returns where each normalised unit came from.
 *
 * @example normalizeWithMap('ＡＢ').starts // Uint32Array [0, 1]
 */
function normalizeWithMap(text) {
    const parts = [];
    const starts = [];
    const ends = [];
    let i = 0;
    while (i < text.length) {
        const end = clusterEnd(text, i);
        const piece = normalizeCluster(text.slice(i, end));
        for (let k = 0; k < piece.length; k++) {
            starts.push(i);
            ends.push(end);
        }
        parts.push(piece);
        i = end;
    }
    return { text: parts.join(''), starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}
function clusterEnd(text, i) {
    let end = i + (text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) < 0xdc00 && i + 1 < text.length ? 2 : 1);
    while (end < text.length && isMark(text, end))
        end += text.charCodeAt(end) >= 0xd800 && text.charCodeAt(end) < 0xdc00 ? 2 : 1;
    return end;
}
//# sourceMappingURL=normalize.js.map