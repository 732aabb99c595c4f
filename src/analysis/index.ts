export { alignsWithNormalized, normalize, normalizeWithMap, type NormalizedText } from './normalize';
export { segmentNormalized, tokenize, type Token } from './segment';
export { loadDictionary, dictionaryVersion, USER_DICT_PATH } from './dictionary';
