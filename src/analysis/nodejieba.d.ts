declare module 'nodejieba' {
  interface DictionaryPaths {
    dict?: string;
    hmmDict?: string;
    userDict?: string;
    idfDict?: string;
    stopWordDict?: string;
  }
  const nodejieba: {
    DEFAULT_DICT: string;
    DEFAULT_USER_DICT: string;
    load(paths?: DictionaryPaths): void;
    cut(text: string, hmm?: boolean): string[];
    cutForSearch(text: string, hmm?: boolean): string[];
    /** Cuts `text` and tags each word with its part of speech (`n`, `v`, `nt`, `x` for unknown…). */
    tag(text: string): { word: string; tag: string }[];
  };
  export default nodejieba;
}
