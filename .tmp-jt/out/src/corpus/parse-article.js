"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultParseArticleOptions = void 0;
exports.parseArticle = parseArticle;
const gray_matter_1 = __importDefault(require("gray-matter"));
const js_yaml_1 = require("js-yaml");
const decode_1 = require("./decode");
const fields_1 = require("./fields");
const footer_1 = require("./footer");
const html_to_text_1 = require("./html-to-text");
exports.defaultParseArticleOptions = {
    utcOffsetMinutes: fields_1.DEFAULT_UTC_OFFSET_MINUTES,
};
/**
 * The failsafe schema keeps every scalar as written: dates stay strings (no UTC `Date` that loses
 * the offset), and titles such as `600837` or `1.10` are not turned into numbers. Passing options
 * also keeps gray-matter from caching results by input, which would share objects between calls.
 */
const FRONT_MATTER_OPTIONS = {
    engines: { yaml: (source) => (0, js_yaml_1.load)(source, { schema: js_yaml_1.FAILSAFE_SCHEMA }) },
};
const LEADING_BLANK_LINES = /^(?:[\t ]*\n)+/;
const OPENING_DELIMITER = /^---[\t ]*\n/;
/**
 * Reads one corpus file — YAML front matter and an HTML or Markdown body — into an {@link Article},
 * or says why it cannot be indexed. Pure: no I/O, never throws.
 *
 * Given bytes, it refuses binary files and other encodings than UTF-8. A BOM, CRLF line ends and
 * blank lines before the opening `---` are accepted (Jekyll would skip the front matter after a
 * blank line; the author clearly meant it). An article with a title and an empty body is indexed;
 * only one with neither is rejected. A missing or unreadable date gives `date: null`, not a rejection.
 *
 * @example
 * const outcome = parseArticle('a1', '---\ntitle: 海通证券\ndate: 2021-12-08 10:18:31\n---\n正文\n\n<https://x.cn/a1>');
 * // outcome.ok === true, outcome.article: { id: 'a1', title: '海通证券',
 * //   date: '2021-12-08T10:18:31+08:00', categories: [], tags: [], url: 'https://x.cn/a1', text: '正文' }
 */
function parseArticle(id, raw, options = {}) {
    const { utcOffsetMinutes } = { ...exports.defaultParseArticleOptions, ...options };
    const decoded = (0, decode_1.decodeArticleBytes)(typeof raw === 'string' ? Buffer.from(raw) : raw);
    if (!decoded.ok)
        return decoded;
    const source = decoded.text.replace(/\r\n?/g, '\n').replace(LEADING_BLANK_LINES, '');
    if (source.trim() === '')
        return reject('empty-body', 'empty file');
    if (!OPENING_DELIMITER.test(source)) {
        return reject('no-front-matter', 'no front matter: the file must start with a "---" line');
    }
    if (source.indexOf('\n---', 3) === -1) {
        return reject('no-front-matter', 'no front matter: the opening "---" line is never closed by another "---" line');
    }
    let data;
    let content;
    try {
        ({ data, content } = (0, gray_matter_1.default)(source, FRONT_MATTER_OPTIONS));
    }
    catch (error) {
        const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '');
        return reject('invalid-yaml', `invalid YAML in front matter: ${firstLine}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        return reject('invalid-yaml', 'invalid YAML in front matter: expected "key: value" lines');
    }
    const fields = data;
    const { body, url } = (0, footer_1.stripFooter)(content);
    const article = {
        id,
        title: (0, fields_1.scalarText)(fields.title).trim(),
        date: (0, fields_1.normalizeDate)(fields.date, utcOffsetMinutes),
        categories: (0, fields_1.normalizeLabels)(fields.categories),
        tags: (0, fields_1.normalizeLabels)(fields.tags),
        url,
        text: (0, html_to_text_1.htmlToText)(body),
    };
    if (article.title === '' && article.text === '') {
        return reject('empty-body', 'empty article: no title and no body text');
    }
    return { ok: true, article };
}
function reject(reason, message) {
    return { ok: false, reason, message };
}
//# sourceMappingURL=parse-article.js.map