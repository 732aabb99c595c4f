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
exports.writeIndex = writeIndex;
exports.readManifest = readManifest;
exports.incompatibility = incompatibility;
exports.readIndex = readIndex;
exports.indexBytes = indexBytes;
const node_crypto_1 = require("node:crypto");
const node_fs_1 = require("node:fs");
const promises_1 = require("node:fs/promises");
const path = __importStar(require("node:path"));
const errors_1 = require("../errors");
const index_data_1 = require("./index-data");
const manifest_1 = require("./manifest");
/** Names the generation being served; replaced atomically (write, fsync, rename). */
const CURRENT = 'CURRENT';
const MANIFEST = 'manifest.json';
async function writeDurably(file, data) {
    const handle = await (0, promises_1.open)(file, 'w');
    try {
        await handle.writeFile(data);
        await handle.sync();
    }
    finally {
        await handle.close();
    }
}
function sha256(data) {
    return (0, node_crypto_1.createHash)('sha256').update(data).digest('hex');
}
function encodePostings(data) {
    const header = new Uint32Array([data.offsets.length, data.postingDocs.length]);
    const parts = [header, data.offsets, data.postingDocs, data.postingTfs];
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
    let at = 0;
    for (const part of parts) {
        bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
        at += part.byteLength;
    }
    return bytes;
}
function decodePostings(bytes) {
    // Copy into an aligned buffer: a Buffer from readFile may start at any byte offset.
    const words = new Uint32Array(bytes.byteLength / 4);
    new Uint8Array(words.buffer).set(bytes);
    const offsetCount = words[0];
    const postingCount = words[1];
    if (8 + 4 * (offsetCount + 2 * postingCount) !== bytes.byteLength)
        throw new Error('size does not match its header');
    return {
        offsets: words.subarray(2, 2 + offsetCount),
        postingDocs: words.subarray(2 + offsetCount, 2 + offsetCount + postingCount),
        postingTfs: words.subarray(2 + offsetCount + postingCount),
    };
}
/** The data files of a generation, each as it is written. */
function serialize(data) {
    return {
        'docs.json': JSON.stringify(data.docs),
        'stats.json': JSON.stringify({ titleLengths: data.titleLengths, bodyLengths: data.bodyLengths, words: data.words }),
        'postings.bin': encodePostings(data),
        // One FlexSearch export chunk per line: `key \t json`, exactly what `Index.import` takes.
        'grams.tsv': data.gramChunks.map(([key, json]) => `${key}\t${json}`).join('\n'),
    };
}
/**
 * Writes an index to `dir` as a new generation and then switches `dir/CURRENT` to it, so a
 * crash or kill at any point leaves the previous index whole and served. Older generations
 * are removed afterwards.
 *
 * @example await writeIndex('index', buildIndexData(report.articles).data, meta)
 */
async function writeIndex(dir, data, meta) {
    await (0, promises_1.mkdir)(dir, { recursive: true });
    const generation = `gen-${Date.now()}-${process.pid}`;
    const genDir = path.join(dir, generation);
    await (0, promises_1.mkdir)(genDir);
    const files = {};
    for (const [name, content] of Object.entries(serialize(data))) {
        await writeDurably(path.join(genDir, name), content);
        files[name] = { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength, sha256: sha256(content) };
    }
    const manifest = {
        formatVersion: manifest_1.FORMAT_VERSION,
        analyzer: (0, manifest_1.currentAnalyzer)(),
        corpus: { path: meta.corpusPath, fingerprint: meta.fingerprint, filesSeen: meta.filesSeen, rejected: meta.rejected },
        documentCount: data.docs.length,
        builtAt: new Date().toISOString(),
        buildMs: Math.round(meta.buildMs),
        files,
    };
    await writeDurably(path.join(genDir, MANIFEST), JSON.stringify(manifest, null, 2));
    const pointer = path.join(dir, `${CURRENT}.${process.pid}.tmp`);
    await writeDurably(pointer, generation);
    await (0, promises_1.rename)(pointer, path.join(dir, CURRENT));
    for (const entry of await (0, promises_1.readdir)(dir)) {
        if (entry !== generation && (entry.startsWith('gen-') || entry.endsWith('.tmp'))) {
            await (0, promises_1.rm)(path.join(dir, entry), { recursive: true, force: true });
        }
    }
    return manifest;
}
function rebuildHint(dir) {
    return `run \`npm run index -- --index ${dir}\` (or \`npm start\`, which rebuilds it)`;
}
/** The manifest of the generation `dir` serves, or an `index_missing` error. */
async function readManifest(dir) {
    const pointer = path.join(dir, CURRENT);
    if (!(0, node_fs_1.existsSync)(pointer))
        throw new errors_1.JiansuoError('index_missing', `no index in ${dir}; ${rebuildHint(dir)}`);
    const genDir = path.join(dir, (await (0, promises_1.readFile)(pointer, 'utf8')).trim());
    let manifest;
    try {
        manifest = JSON.parse(await (0, promises_1.readFile)(path.join(genDir, MANIFEST), 'utf8'));
    }
    catch (error) {
        throw new errors_1.JiansuoError('index_damaged', `${path.join(genDir, MANIFEST)} cannot be read (${error.message}); ${rebuildHint(dir)}`);
    }
    return { manifest, genDir };
}
/** Why an index cannot be served by this build of jiansuo, or `null` when it can. */
function incompatibility(manifest) {
    if (manifest.formatVersion !== manifest_1.FORMAT_VERSION) {
        return `format version ${manifest.formatVersion}, this jiansuo reads ${manifest_1.FORMAT_VERSION}`;
    }
    const analyzer = (0, manifest_1.currentAnalyzer)();
    if (manifest.analyzer?.description !== analyzer.description)
        return `analyzer "${manifest.analyzer?.description}", expected "${analyzer.description}"`;
    if (manifest.analyzer.dictionaryVersion !== analyzer.dictionaryVersion) {
        return `dictionary ${manifest.analyzer.dictionaryVersion}, this jiansuo uses ${analyzer.dictionaryVersion}`;
    }
    return null;
}
/**
 * Loads the index `dir` serves, checking the manifest's versions and every file's size and
 * SHA-256 first: a stale or damaged index is refused with the file and the command that
 * fixes it, never served. Nothing is re-segmented.
 *
 * @example const { index, manifest } = await readIndex('index')
 */
async function readIndex(dir) {
    const { manifest, genDir } = await readManifest(dir);
    const problem = incompatibility(manifest);
    if (problem)
        throw new errors_1.JiansuoError('index_stale', `${dir} was built with ${problem}; ${rebuildHint(dir)}`);
    const contents = {};
    for (const [name, expected] of Object.entries(manifest.files)) {
        const file = path.join(genDir, name);
        const content = await (0, promises_1.readFile)(file).catch((error) => {
            throw new errors_1.JiansuoError('index_damaged', `${file} cannot be read (${error.message}); ${rebuildHint(dir)}`);
        });
        if (content.byteLength !== expected.bytes || sha256(content) !== expected.sha256) {
            throw new errors_1.JiansuoError('index_damaged', `${file} does not match its checksum in the manifest (truncated or corrupted); ${rebuildHint(dir)}`);
        }
        contents[name] = content;
    }
    try {
        const stats = JSON.parse(contents['stats.json'].toString('utf8'));
        const gramChunks = contents['grams.tsv']
            .toString('utf8')
            .split('\n')
            .map((line) => {
            const tab = line.indexOf('\t');
            return [line.slice(0, tab), line.slice(tab + 1)];
        });
        const data = {
            docs: JSON.parse(contents['docs.json'].toString('utf8')),
            ...stats,
            ...decodePostings(contents['postings.bin']),
            gramChunks,
        };
        return { index: (0, index_data_1.indexFromData)(data), manifest };
    }
    catch (error) {
        throw new errors_1.JiansuoError('index_damaged', `${genDir} holds data that cannot be decoded (${error.message}); ${rebuildHint(dir)}`);
    }
}
/** Total bytes of the generation `dir` serves (for stats and metrics). */
async function indexBytes(dir) {
    const { manifest, genDir } = await readManifest(dir);
    let total = (await (0, promises_1.stat)(path.join(genDir, MANIFEST))).size;
    for (const file of Object.values(manifest.files))
        total += file.bytes;
    return total;
}
//# sourceMappingURL=persist.js.map