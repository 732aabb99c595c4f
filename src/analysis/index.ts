export { alignsWithNormalized, normalize, normalizeWithMap, type NormalizedText } from './normalize';
export { forEachWord, segmentNormalized, tokenize, type Token, type WordVisitor } from './segment';
export { dictionaryVersion, jiebaOf, loadDictionary, useUserDictionary, userDictionary, versionOf, USER_DICT_PATH } from './dictionary';
export { parseUserDictionary, type DictionaryEntry, type UserDictionary } from './user-dictionary';
