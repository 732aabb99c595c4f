"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ANALYZER = exports.FORMAT_VERSION = void 0;
exports.currentAnalyzer = currentAnalyzer;
const analysis_1 = require("../analysis");
/**
 * Version of the on-disk layout. Bump it with any change to what is written or to how text
 * is normalised or cut: an index of another version refuses to load.
 */
exports.FORMAT_VERSION = 1;
/** How text was analysed; an index built otherwise would answer differently. */
exports.ANALYZER = 'nfkc+lower+opencc-t2cn-per-char+drop-invisible;grams=1,2;jieba-search-hmm;latin-runs';
/** The analyzer fields a manifest must carry to be loadable by this build of jiansuo. */
function currentAnalyzer() {
    return { description: exports.ANALYZER, dictionaryVersion: (0, analysis_1.dictionaryVersion)() };
}
//# sourceMappingURL=manifest.js.map