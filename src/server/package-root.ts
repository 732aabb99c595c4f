import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The package's root folder: the nearest folder above this file holding `package.json`, whether
 * this file runs from `src/` (ts-jest) or from `dist/src/` (tsc, which copies no non-TS files).
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

/** The search page's folder, served from the sources: `src/server/public/`. */
export function publicDir(): string {
  return path.join(packageRoot(), 'src', 'server', 'public');
}

/** The version in `package.json`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
