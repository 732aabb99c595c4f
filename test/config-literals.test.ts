import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', 'src');
const SETTINGS_FILE = path.join('src', 'config.ts');

/** Each setting that has one home, and how it looks when it is written out again elsewhere. */
const SETTINGS: { name: string; pattern: RegExp }[] = [
  { name: 'the corpus time zone as a string', pattern: /['"`]\+08:00['"`]/ },
  { name: 'the corpus time zone in minutes', pattern: /\b480\b/ },
  { name: 'the query length', pattern: /length["'\s:=]*256\b/i },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|js|html)$/.test(entry.name) ? [file] : [];
  });
}

/** The code of a line: nothing of a comment line, and a line without its trailing `// …` comment. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('*') || trimmed.startsWith('//') || trimmed.startsWith('/*')) return '';
  return line.replace(/\s\/\/\s.*$/, '');
}

/** `file:line: text` of every line of code under src/, but the settings file, that writes out a setting. */
function restatements(pattern: RegExp): string[] {
  return sourceFiles(SRC).flatMap((file) => {
    const relative = path.relative(path.join(SRC, '..'), file);
    if (relative === SETTINGS_FILE) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(codeOf(line)) ? [`${relative}:${i + 1}: ${line.trim()}`] : []));
  });
}

describe('settings defined once', () => {
  it.each(SETTINGS)('finds $name in src/config.ts only, the rest of src/ derives it', ({ pattern }) => {
    expect(restatements(pattern)).toEqual([]);
  });

  it('sees a restated setting in code and not in a comment', () => {
    expect(['  maxLength: 256,', ' * maxLength: 256', "  timeZone: '+08:00', // +08:00"].map(codeOf).filter((line) => /length["'\s:=]*256\b/i.test(line))).toEqual(['  maxLength: 256,']);
  });
});
