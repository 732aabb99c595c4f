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
exports.discoverFiles = discoverFiles;
exports.isArticleFileName = isArticleFileName;
const promises_1 = require("node:fs/promises");
const path = __importStar(require("node:path"));
const ARTICLE_EXTENSIONS = new Set(['.md', '.markdown', '.html']);
/** Files that describe a corpus rather than belong to it. */
const CORPUS_DOCUMENTS = new Set(['README.md', 'MANIFEST.md']);
/**
 * Lists the article files (`.md`, `.markdown`, `.html`, any letter case) under a corpus folder,
 * except files named exactly `README.md` or `MANIFEST.md`.
 *
 * Symbolic links are followed, but a link back to a folder that contains it is reported instead of
 * walked forever. A folder that cannot be read is reported, and the walk goes on.
 * Throws only when `dir` itself is missing or not a folder.
 *
 * @example
 * const { files } = await discoverFiles('corpus');
 * files[0]; // => { path: 'corpus/finews/2021-12-08-202112082206672930.md',
 *           //      relPath: 'finews/2021-12-08-202112082206672930.md', id: '2021-12-08-202112082206672930' }
 */
async function discoverFiles(dir) {
    let rootIsFolder;
    try {
        rootIsFolder = (await (0, promises_1.stat)(dir)).isDirectory();
    }
    catch (error) {
        throw new Error(`corpus folder not found: ${dir} (${error.message})`);
    }
    if (!rootIsFolder)
        throw new Error(`corpus path is not a folder: ${dir}`);
    const listing = { files: [], rejected: [] };
    await walk(dir, '', [await (0, promises_1.realpath)(dir)], listing);
    listing.files.sort((a, b) => compare(a.relPath, b.relPath));
    listing.rejected.sort((a, b) => compare(a.path, b.path));
    return listing;
}
/** Whether a file name is that of an article file. */
function isArticleFileName(name) {
    return ARTICLE_EXTENSIONS.has(path.extname(name).toLowerCase()) && !CORPUS_DOCUMENTS.has(name);
}
/**
 * @param ancestors real paths of `folder` and the folders above it, to recognise a link back up.
 */
async function walk(folder, relFolder, ancestors, listing) {
    let entries;
    try {
        entries = await (0, promises_1.readdir)(folder, { withFileTypes: true });
    }
    catch (error) {
        listing.rejected.push({ path: folder, reason: 'unreadable', message: `cannot read folder: ${error.message}` });
        return;
    }
    for (const entry of entries) {
        const entryPath = path.join(folder, entry.name);
        const relPath = relFolder === '' ? entry.name : `${relFolder}/${entry.name}`;
        const reject = (message) => {
            listing.rejected.push({ path: entryPath, reason: 'unreadable', message });
        };
        let isFolder = entry.isDirectory();
        let isFile = entry.isFile();
        let realFolder = path.join(ancestors[ancestors.length - 1], entry.name);
        if (entry.isSymbolicLink()) {
            try {
                const target = await (0, promises_1.stat)(entryPath);
                isFolder = target.isDirectory();
                isFile = target.isFile();
                if (isFolder)
                    realFolder = await (0, promises_1.realpath)(entryPath);
            }
            catch (error) {
                const { code, message } = error;
                // A dangling link is only worth a report when it was meant to be an article.
                if (code === 'ELOOP')
                    reject(`symbolic link loop: ${message}`);
                else if (isArticleFileName(entry.name))
                    reject(`broken symbolic link: ${message}`);
                continue;
            }
        }
        if (isFolder) {
            if (ancestors.includes(realFolder)) {
                reject(`symbolic link loop: leads back to ${realFolder}, which contains it`);
                continue;
            }
            ancestors.push(realFolder);
            await walk(entryPath, relPath, ancestors, listing);
            ancestors.pop();
        }
        else if (isArticleFileName(entry.name)) {
            if (isFile) {
                listing.files.push({ path: entryPath, relPath, id: path.basename(entry.name, path.extname(entry.name)) });
            }
            else {
                // Reading a FIFO or a device would hang or never end.
                reject('not a regular file');
            }
        }
    }
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=discover.js.map