"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
const fast_check_1 = __importDefault(require("fast-check"));
const html_to_text_1 = require("../../src/corpus/html-to-text");
describe('htmlToText', () => {
    it('returns one line per paragraph when the body is HTML paragraphs', () => {
        expect((0, html_to_text_1.htmlToText)('<p>第一段。</p>\n <p>第二段。</p>\n <div>第三段</div>')).toBe('第一段。\n第二段。\n第三段');
    });
    it('returns decoded characters when the body has named and numeric entities', () => {
        expect((0, html_to_text_1.htmlToText)('<p>&lt;证券法&gt; &#x65B0;&#26032; a&nbsp;b &amp; &quot;x&quot; &#xA0;</p>')).toBe('<证券法> 新新 a\u00a0b & "x" \u00a0');
    });
    it('returns the text of nested inline tags without breaks when they sit inside one paragraph', () => {
        const html = '<p><strong>央视网消息</strong>（新闻联播）：<span id="stock_1.600837"><a href="http://quote.eastmoney.com/unify/r/1.600837" class="keytip">海通<b>证券</b></a></span><span id="quote_1.600837"></span>上涨</p>';
        expect((0, html_to_text_1.htmlToText)(html)).toBe('央视网消息（新闻联播）：海通证券上涨');
    });
    it('returns nothing from script, style, comments and head when the body has them', () => {
        const html = '<head><title>标题</title></head><p>前<script>var a = "<p>不要</p>";</script>后</p><style>p { color: red }</style><!-- EM_StockImg_Start --><p>尾<!-- 注释 --></p>';
        expect((0, html_to_text_1.htmlToText)(html)).toBe('前后\n尾');
    });
    it('returns nothing for an image, not even its alt text, when the body has <img>', () => {
        const html = '<p>图<img src="a.jpg" alt="Image">片</p><center><img src="https://dfscdn.dfcfw.com/b.jpg" alt="K图 NIO_0" /></center><p>尾</p>';
        expect((0, html_to_text_1.htmlToText)(html)).toBe('图片\n尾');
    });
    it('returns a break for <br> and <hr> when they split a paragraph', () => {
        expect((0, html_to_text_1.htmlToText)('<p>一<br>二<br />三<hr>四</p>')).toBe('一\n二\n三\n四');
    });
    it('returns ASCII white space collapsed and trimmed when a paragraph has runs of it', () => {
        expect((0, html_to_text_1.htmlToText)('<p>  海通 \t\n  证券\r\n上涨  </p>')).toBe('海通 证券 上涨');
    });
    it('returns NBSP and U+3000 kept when a paragraph is indented or ends with them', () => {
        expect((0, html_to_text_1.htmlToText)('<p>\u3000\u3000正文\u00a0 </p>\n<p> \u00a0前\u00a0\u00a0后</p>')).toBe('\u3000\u3000正文\u00a0\n\u00a0前\u00a0\u00a0后');
    });
    it('returns no line for a paragraph of white space alone, NBSP and U+3000 included', () => {
        expect((0, html_to_text_1.htmlToText)('<p style="display:none;"><br /></p><p>\u00a0</p><p> \u3000 </p><p>正文</p>')).toBe('正文');
    });
    it('returns Markdown lines as paragraphs when the body is plain Markdown text', () => {
        expect((0, html_to_text_1.htmlToText)('> 摘要第一行\n\n正文第一段。\n正文第二行  有空格\n\n\n[链接](../x/) 与 **粗体**\n')).toBe('摘要第一行\n正文第一段。\n正文第二行 有空格\n[链接](../x/) 与 **粗体**');
    });
    it('returns Markdown and HTML paragraphs in order when a body mixes them', () => {
        expect((0, html_to_text_1.htmlToText)('> 摘要\n\n<p>甲</p><p>乙</p>\n丙\n')).toBe('摘要\n甲\n乙\n丙');
    });
    it('returns a ">" kept when it is not a Markdown quote marker at the start of a line', () => {
        expect((0, html_to_text_1.htmlToText)('1+1>2\n  > > 引用\n<p>> 段落里</p>')).toBe('1+1>2\n引用\n> 段落里');
    });
    it('returns a space for a newline when the newline is inside a block element', () => {
        expect((0, html_to_text_1.htmlToText)('<p>上\n下</p><li>左&#xA;右</li>')).toBe('上 下\n左 右');
    });
    it('returns the lines of a <pre> block when it spans several lines', () => {
        expect((0, html_to_text_1.htmlToText)('<pre>第一行\n  第二行</pre>')).toBe('第一行\n第二行');
    });
    it('returns one line per table cell when the body has a table', () => {
        expect((0, html_to_text_1.htmlToText)('<table><tr><th>名称</th><th>价格</th></tr><tr><td>海通证券</td><td>9.87</td></tr></table>')).toBe('名称\n价格\n海通证券\n9.87');
    });
    it('returns a raw "<" kept when it does not start a tag', () => {
        expect((0, html_to_text_1.htmlToText)('<p>Ct值<35，1+1>2，精度满足<1%</p>')).toBe('Ct值<35，1+1>2，精度满足<1%');
    });
    it('returns an empty string when the body is empty', () => {
        expect((0, html_to_text_1.htmlToText)('')).toBe('');
    });
});
const TEXT_CHARS = ['新', '闻', 'a', 'b', 'p', '1', '<', '>', '&', ';', '#', '"', ' ', '\n', '\t', '\u00a0', '\u3000'];
const ELEMENT_NAMES = ['p', 'div', 'span', 'b', 'strong', 'a', 'li', 'ul', 'h2', 'center', 'blockquote', 'td', 'em'];
const ESCAPES = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
const { node: htmlNode } = fast_check_1.default.letrec((tie) => ({
    node: fast_check_1.default.oneof({ depthSize: 'small', withCrossShrink: true }, fast_check_1.default.record({
        kind: fast_check_1.default.constant('text'),
        chars: fast_check_1.default.array(fast_check_1.default.tuple(fast_check_1.default.constantFrom(...TEXT_CHARS), fast_check_1.default.constantFrom('raw', 'hex', 'decimal')), {
            maxLength: 8,
        }),
    }), fast_check_1.default.record({
        kind: fast_check_1.default.constant('element'),
        name: fast_check_1.default.constantFrom(...ELEMENT_NAMES),
        attribute: fast_check_1.default.boolean(),
        children: fast_check_1.default.array(tie('node'), { maxLength: 4 }),
    }), fast_check_1.default.record({ kind: fast_check_1.default.constant('empty'), name: fast_check_1.default.constantFrom('br', 'hr', 'img') }), fast_check_1.default.record({
        kind: fast_check_1.default.constant('hidden'),
        name: fast_check_1.default.constantFrom('script', 'style'),
        content: fast_check_1.default.string({ unit: fast_check_1.default.constantFrom('x', '>', ' ', '"', '新'), maxLength: 6 }),
    })),
}));
function render(node) {
    switch (node.kind) {
        case 'text':
            return node.chars
                .map(([char, form]) => {
                const code = char.codePointAt(0);
                if (form === 'hex')
                    return `&#x${code.toString(16)};`;
                if (form === 'decimal')
                    return `&#${code};`;
                return ESCAPES[char] ?? char;
            })
                .join('');
        case 'element':
            return `<${node.name}${node.attribute ? ' class="x" data-code="1,600837"' : ''}>${node.children.map(render).join('')}</${node.name}>`;
        case 'empty':
            return node.name === 'img' ? '<img src="a.jpg" alt="图片">' : `<${node.name}>`;
        case 'hidden':
            return `<${node.name}>${node.content}</${node.name}>`;
    }
}
/** The oracle: what a reader sees, in order, white space aside. */
function visibleText(node) {
    switch (node.kind) {
        case 'text':
            return node.chars.map(([char]) => char).join('');
        case 'element':
            return node.children.map(visibleText).join('');
        default:
            return '';
    }
}
const withoutWhitespace = (text) => text.replace(/\s/gu, '');
describe('htmlToText (properties)', () => {
    const body = fast_check_1.default.array(htmlNode, { maxLength: 5 });
    // One outer block keeps Markdown quote markers out of the picture: a text "&gt;" would be one.
    const renderBody = (nodes) => `<div>${nodes.map(render).join('')}</div>`;
    it('returns exactly the visible text, white space aside, for random trees of tags and text', () => {
        fast_check_1.default.assert(fast_check_1.default.property(body, (nodes) => {
            const visible = nodes.map(visibleText).join('');
            expect(withoutWhitespace((0, html_to_text_1.htmlToText)(renderBody(nodes)))).toBe(withoutWhitespace(visible));
        }), { numRuns: 500 });
    });
    it('returns no "<" that came from a tag for random trees of tags and text', () => {
        fast_check_1.default.assert(fast_check_1.default.property(body, (nodes) => {
            const count = (text) => text.split('<').length - 1;
            expect(count((0, html_to_text_1.htmlToText)(renderBody(nodes)))).toBe(count(nodes.map(visibleText).join('')));
        }), { numRuns: 500 });
    });
    it('returns only non-empty lines without ASCII white space at their ends or in runs', () => {
        fast_check_1.default.assert(fast_check_1.default.property(body, (nodes) => {
            const text = (0, html_to_text_1.htmlToText)(renderBody(nodes));
            if (text === '')
                return;
            for (const line of text.split('\n')) {
                expect(line).not.toMatch(/^[\t\f\r ]|[\t\f\r ]$|[\t\f\r ]{2}|\t/);
                expect(line).toMatch(/\S/u);
            }
        }), { numRuns: 500 });
    });
});
//# sourceMappingURL=html-to-text.test.js.map