"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.USER_DICT_PATH = exports.dictionaryVersion = exports.loadDictionary = exports.tokenize = exports.segmentNormalized = exports.normalizeWithMap = exports.normalize = void 0;
var normalize_1 = require("./normalize");
Object.defineProperty(exports, "normalize", { enumerable: true, get: function () { return normalize_1.normalize; } });
Object.defineProperty(exports, "normalizeWithMap", { enumerable: true, get: function () { return normalize_1.normalizeWithMap; } });
var segment_1 = require("./segment");
Object.defineProperty(exports, "segmentNormalized", { enumerable: true, get: function () { return segment_1.segmentNormalized; } });
Object.defineProperty(exports, "tokenize", { enumerable: true, get: function () { return segment_1.tokenize; } });
var dictionary_1 = require("./dictionary");
Object.defineProperty(exports, "loadDictionary", { enumerable: true, get: function () { return dictionary_1.loadDictionary; } });
Object.defineProperty(exports, "dictionaryVersion", { enumerable: true, get: function () { return dictionary_1.dictionaryVersion; } });
Object.defineProperty(exports, "USER_DICT_PATH", { enumerable: true, get: function () { return dictionary_1.USER_DICT_PATH; } });
//# sourceMappingURL=index.js.map