import { z } from 'zod';

/**
 * One article as read from the corpus, before analysis.
 *
 * `title` and `text` are the ORIGINAL strings (entities decoded, tags removed); normalisation
 * happens later in `analysis/` and highlights are drawn back onto these strings.
 */
export interface Article {
  /** File name without extension; unique within a corpus. */
  id: string;
  title: string;
  /** ISO 8601 with offset, e.g. `2022-03-29T10:56:11+08:00`; `null` when the file has no usable date. */
  date: string | null;
  categories: string[];
  tags: string[];
  /** First http(s) link in the body's trailing lines, or `null`. */
  url: string | null;
  /** Plain body text: tags removed, entities decoded, one paragraph per line (`\n`). */
  text: string;
}

/**
 * The shape of an {@link Article}: the API documents and answers with it, and every entry of a
 * write log is checked against it before it reaches an index.
 */
export const articleSchema = z.object({
  id: z.string().meta({ example: '2022-03-29-202203292326272624' }),
  title: z.string(),
  date: z.string().nullable().meta({ description: 'ISO 8601 with offset.', example: '2022-03-29T10:56:11+08:00' }),
  url: z.string().nullable(),
  categories: z.array(z.string()),
  tags: z.array(z.string()),
  text: z.string(),
}) satisfies z.ZodType<Article>;

/** Why a corpus file was not indexed. */
export type RejectReason =
  | 'no-front-matter'
  | 'invalid-yaml'
  | 'empty-body'
  | 'binary'
  | 'duplicate-id'
  | 'unreadable'
  | 'invalid-encoding';

/** A corpus file that was not indexed, with the reason in words a person can act on. */
export interface Rejection {
  path: string;
  reason: RejectReason;
  message: string;
}

/** What a corpus load produced: every file is either in `articles` or in `rejected`. */
export interface LoadReport {
  articles: Article[];
  /** Path of each article, same order as `articles`. */
  paths: string[];
  rejected: Rejection[];
  /** Number of candidate files seen (`articles.length + rejected.length`). */
  filesSeen: number;
}
