import * as path from 'node:path';
import { packageRoot } from '../package-root';

/** The search page's folder, served from the sources: `src/server/public/`. */
export function publicDir(): string {
  return path.join(packageRoot(), 'src', 'server', 'public');
}
