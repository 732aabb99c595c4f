import { JiansuoError } from '../errors';
import { normalize } from './normalize';

/** One word of a user dictionary, as its line writes it. */
export interface DictionaryEntry {
  line: number;
  word: string;
  /** How often the word occurs (a higher count makes jieba prefer it); `null`: jieba's default. */
  freq: number | null;
  /** Part-of-speech tag; `null` when none is written. */
  tag: string | null;
}

/** A jieba user dictionary: its text, what identifies it, and its words. */
export interface UserDictionary {
  text: string;
  /** Identifies the text and the jieba it is for: equal on every node cutting the same way. */
  version: string;
  entries: DictionaryEntry[];
}

const FREQ = /^[1-9][0-9]{0,8}$/;
const TAG = /^[A-Za-z]{1,8}$/;

function entryOf(line: string, number: number, where: string): DictionaryEntry {
  const at = `${where} line ${number}`;
  const fields = line.split(' ');
  if (fields.some((field) => field === '') || /[^\S ]/.test(line)) {
    throw new JiansuoError('invalid_dictionary', `${at}: fields must be separated by single spaces ("word", "word tag" or "word freq tag")`);
  }
  if (fields.length > 3) throw new JiansuoError('invalid_dictionary', `${at}: ${fields.length} fields; write "word", "word tag" or "word freq tag"`);
  const [word] = fields;
  if (normalize(word) !== word) throw new JiansuoError('invalid_dictionary', `${at}: "${word}" is not in normalised form; write "${normalize(word)}"`);
  if (fields.length === 2) {
    // jieba reads a second field as a tag, never as a frequency.
    if (FREQ.test(fields[1])) throw new JiansuoError('invalid_dictionary', `${at}: a frequency needs a tag after it ("${word} ${fields[1]} n")`);
    if (!TAG.test(fields[1])) throw new JiansuoError('invalid_dictionary', `${at}: "${fields[1]}" is not a tag (1–8 Latin letters)`);
    return { line: number, word, freq: null, tag: fields[1] };
  }
  if (fields.length === 3) {
    if (!FREQ.test(fields[1])) throw new JiansuoError('invalid_dictionary', `${at}: "${fields[1]}" is not a frequency (a positive integer)`);
    if (!TAG.test(fields[2])) throw new JiansuoError('invalid_dictionary', `${at}: "${fields[2]}" is not a tag (1–8 Latin letters)`);
    return { line: number, word, freq: Number(fields[1]), tag: fields[2] };
  }
  return { line: number, word, freq: null, tag: null };
}

/**
 * Reads a jieba user dictionary: one word per line, `word`, `word tag` or `word freq tag`,
 * fields separated by one space, words in normalised form (lower-case, simplified: what cuts
 * see); blank lines are skipped. Throws `invalid_dictionary` naming `where`, the line and what
 * is wrong with it. `versionOf` gives the version of the text.
 *
 * @example parseUserDictionary('宁德时代 300 nt', 'PUT /api/dictionary', versionOf).entries[0].word // '宁德时代'
 */
export function parseUserDictionary(text: string, where: string, versionOf: (text: string) => string): UserDictionary {
  const entries: DictionaryEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') entries.push(entryOf(line, i + 1, where));
  });
  return { text, version: versionOf(text), entries };
}
