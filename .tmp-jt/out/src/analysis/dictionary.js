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
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.USER_DICT_PATH = void 0;
exports.loadDictionary = loadDictionary;
exports.dictionaryVersion = dictionaryVersion;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const path = __importStar(require("node:path"));
const nodejieba_1 = __importDefault(require("nodejieba"));
/** The repository root: the nearest folder above this file that holds `package.json`. */
function packageRoot() {
    let dir = __dirname;
    while (!(0, node_fs_1.existsSync)(path.join(dir, 'package.json'))) {
        const parent = path.dirname(dir);
        if (parent === dir)
            throw new Error(`package.json not found above ${__dirname}`);
        dir = parent;
    }
    return dir;
}
/** Finance and news terms jieba's stock dictionary lacks, written in normalised (lower-case, simplified) form. */
exports.USER_DICT_PATH = path.join(packageRoot(), 'src', 'analysis', 'user-dict.utf8');
let loaded;
function readWords(file) {
    return (0, node_fs_1.readFileSync)(file, 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[0].trim())
        .filter((word) => word.length > 0);
}
/**
 * Loads jieba with the user dictionary, once per process (1–3 s), and returns the word list
 * used for search-mode sub-words. Every cut in the project goes through here first.
 */
function loadDictionary() {
    if (loaded)
        return loaded;
    nodejieba_1.default.load({ userDict: exports.USER_DICT_PATH });
    const shortWords = new Set();
    for (const word of [...readWords(nodejieba_1.default.DEFAULT_DICT), ...readWords(exports.USER_DICT_PATH)]) {
        if (word.length === 2 || word.length === 3)
            shortWords.add(word.toLowerCase());
    }
    loaded = { shortWords, version: dictionaryVersion() };
    return loaded;
}
/**
 * A hash of everything that decides how text is cut: jieba's version, its dictionary and ours.
 * An index built under another version refuses to load (see the index manifest).
 *
 * @example dictionaryVersion() // 'jieba-3.5.8+5f0c…'
 */
function dictionaryVersion() {
    const hash = (0, node_crypto_1.createHash)('sha256');
    hash.update((0, node_fs_1.readFileSync)(nodejieba_1.default.DEFAULT_DICT));
    hash.update((0, node_fs_1.readFileSync)(exports.USER_DICT_PATH));
    const jiebaVersion = JSON.parse((0, node_fs_1.readFileSync)(require.resolve('nodejieba/package.json'), 'utf8')).version;
    return `jieba-${jiebaVersion}+${hash.digest('hex').slice(0, 12)}`;
}
//# sourceMappingURL=dictionary.js.map