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
exports.fingerprintCorpus = fingerprintCorpus;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const path = __importStar(require("node:path"));
const discover_1 = require("./discover");
/**
 * A cheap staleness check for a built index: SHA-256 (hex) over the sorted article files' paths
 * inside `dir`, sizes and modification times, plus the folder problems found, without reading any
 * file. It changes when a file is added, removed, renamed or written; it does not depend on where
 * the corpus folder is or how its path is spelled.
 *
 * @example
 * if (manifest.corpusFingerprint !== (await fingerprintCorpus('corpus'))) await rebuild();
 */
async function fingerprintCorpus(dir) {
    const { files, rejected } = await (0, discover_1.discoverFiles)(dir);
    const stats = await Promise.all(
    // A file deleted since the walk is a change like any other, not an error.
    files.map((file) => (0, promises_1.stat)(file.path).then((s) => `${s.size}\t${s.mtimeMs}`, () => 'missing')));
    const hash = (0, node_crypto_1.createHash)('sha256');
    files.forEach((file, i) => hash.update(`${file.relPath}\t${stats[i]}\n`));
    for (const rejection of rejected) {
        hash.update(`!${path.relative(dir, rejection.path).split(path.sep).join('/')}\t${rejection.reason}\n`);
    }
    return hash.digest('hex');
}
//# sourceMappingURL=fingerprint.js.map