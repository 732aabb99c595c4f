/**
 * The part of js-yaml 3 (gray-matter's YAML parser) that front-matter parsing uses; the package
 * ships no types of its own.
 */
declare module 'js-yaml' {
  export interface Schema {
    readonly __brand: 'js-yaml schema';
  }
  /** Strings, lists and mappings only: every scalar stays the string that was written. */
  export const FAILSAFE_SCHEMA: Schema;
  /** `json: true` lets a repeated mapping key override the earlier one instead of throwing. */
  export function load(input: string, options?: { schema?: Schema; json?: boolean }): unknown;
}
