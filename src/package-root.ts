import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The package's root folder: the nearest folder above this file holding `package.json`, whether
 * this file runs from `src/` (ts-jest) or from `dist/src/` (tsc, which copies no non-TS files,
 * so data files such as the user dictionary and the search page are read from `src/`).
 */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The version in `package.json`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
