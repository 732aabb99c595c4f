export { alignsWithNormalized, normalize, normalizeWithMap, type NormalizedText } from './normalize';
export { forEachWord, segmentNormalized, tokenize, type Token, type WordVisitor } from './segment';
export { loadDictionary, dictionaryVersion, USER_DICT_PATH } from './dictionary';
