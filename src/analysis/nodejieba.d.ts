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
  };
  export default nodejieba;
}
