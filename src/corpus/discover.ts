import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Rejection } from './article';

/**
 * A file that should hold one article. It keeps only its path inside the corpus: the full
 * path and the id are derived when asked for, so a listing of a million-file archive holds
 * one string per file.
 */
export class CorpusFile {
  constructor(
    /** The corpus folder as given. */
    private readonly folder: string,
    /** Path inside the corpus folder, with `/` separators; files are sorted by it. */
    readonly relPath: string,
  ) {}

  /** The corpus folder as given, joined with `relPath`: a path the user can open. */
  get path(): string {
    return path.join(this.folder, this.relPath);
  }

  /** File name without extension: the document id. */
  get id(): string {
    const name = this.relPath.slice(this.relPath.lastIndexOf('/') + 1);
    return name.slice(0, name.length - path.extname(name).length);
  }
}

/** What a walk of the corpus folder found. */
export interface CorpusListing {
  /** Candidate files, sorted by `relPath` (UTF-16 code units, the same on every machine). */
  files: CorpusFile[];
  /** Folders that could not be read, symbolic link loops and broken links, sorted by path. */
  rejected: Rejection[];
}

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
 * const { files } = await discoverFiles('../shared/corpus');
 * files[0]; // => { path: '../shared/corpus/cctv_news/VIDE00Fb8tZtX37PFOkBV9Rf250204.md',
 *           //      relPath: 'cctv_news/VIDE00Fb8tZtX37PFOkBV9Rf250204.md', id: 'VIDE00Fb8tZtX37PFOkBV9Rf250204' }
 */
export async function discoverFiles(dir: string): Promise<CorpusListing> {
  let rootIsFolder: boolean;
  try {
    rootIsFolder = (await stat(dir)).isDirectory();
  } catch (error) {
    throw new Error(`corpus folder not found: ${dir} (${(error as Error).message})`);
  }
  if (!rootIsFolder) throw new Error(`corpus path is not a folder: ${dir}`);

  const listing: CorpusListing = { files: [], rejected: [] };
  await walk(dir, dir, '', [await realpath(dir)], listing);
  listing.files.sort((a, b) => compare(a.relPath, b.relPath));
  listing.rejected.sort((a, b) => compare(a.path, b.path));
  return listing;
}

/** Whether a file name is that of an article file. */
export function isArticleFileName(name: string): boolean {
  return ARTICLE_EXTENSIONS.has(path.extname(name).toLowerCase()) && !CORPUS_DOCUMENTS.has(name);
}

/**
 * @param root the corpus folder as given; `folder` is `root` joined with `relFolder`.
 * @param ancestors real paths of `folder` and the folders above it, to recognise a link back up.
 */
async function walk(root: string, folder: string, relFolder: string, ancestors: string[], listing: CorpusListing): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    listing.rejected.push({ path: folder, reason: 'unreadable', message: `cannot read folder: ${(error as Error).message}` });
    return;
  }
  for (const entry of entries) {
    const entryPath = path.join(folder, entry.name);
    const relPath = relFolder === '' ? entry.name : `${relFolder}/${entry.name}`;
    const reject = (message: string): void => {
      listing.rejected.push({ path: entryPath, reason: 'unreadable', message });
    };

    let isFolder = entry.isDirectory();
    let isFile = entry.isFile();
    let linkTarget: string | null = null;
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(entryPath);
        isFolder = target.isDirectory();
        isFile = target.isFile();
        if (isFolder) linkTarget = await realpath(entryPath);
      } catch (error) {
        const { code, message } = error as NodeJS.ErrnoException;
        // A dangling link is only worth a report when it was meant to be an article.
        if (code === 'ELOOP') reject(`symbolic link loop: ${message}`);
        else if (isArticleFileName(entry.name)) reject(`broken symbolic link: ${message}`);
        continue;
      }
    }

    if (isFolder) {
      const realFolder = linkTarget ?? path.join(ancestors[ancestors.length - 1], entry.name);
      if (ancestors.includes(realFolder)) {
        reject(`symbolic link loop: leads back to ${realFolder}, which contains it`);
        continue;
      }
      ancestors.push(realFolder);
      await walk(root, entryPath, relPath, ancestors, listing);
      ancestors.pop();
    } else if (isArticleFileName(entry.name)) {
      if (isFile) {
        listing.files.push(new CorpusFile(root, relPath));
      } else {
        // Reading a FIFO or a device would hang or never end.
        reject('not a regular file');
      }
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
