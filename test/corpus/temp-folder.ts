import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A new empty folder in the system's temp folder; remove it with {@link removeTempFolder}. */
export function makeTempFolder(): string {
  // realpath: on some systems the temp folder is itself behind a symbolic link (macOS /var).
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-corpus-')));
}

/** Writes files (path inside `root` → content), creating folders as needed. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [relPath, content] of Object.entries(files)) {
    const filePath = path.join(root, relPath);
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    fs.writeFileSync(filePath, content);
  }
}

export function removeTempFolder(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

/** Root ignores file modes, so a chmod 000 file stays readable when the tests run as root. */
export const runsAsRoot = process.getuid?.() === 0;
