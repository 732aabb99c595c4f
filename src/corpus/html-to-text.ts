import { Parser } from 'htmlparser2';

/** Elements a browser lays out on lines of their own: their edges are paragraph breaks. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Empty elements that end a line. */
const LINE_BREAK_ELEMENTS = new Set(['br', 'hr']);

/** Elements whose content a reader never sees. */
const HIDDEN_ELEMENTS = new Set(['head', 'noscript', 'script', 'style', 'template']);

/** HTML white space (ASCII only): NBSP and U+3000 are characters, left to the analyzer. */
const ASCII_WHITESPACE_RUN = /[\t\n\f\r ]+/g;
const ASCII_WHITESPACE_AT_ENDS = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const ONLY_WHITESPACE = /^\s*$/u;

/** Markdown quote markers (`> `, `> > `) at the start of a line. */
const QUOTE_MARKERS = /^(?: {0,3}>[\t ]?)+/;

/**
 * Turns an article body — HTML, plain Markdown text, or a mix — into plain text with one paragraph
 * per line.
 *
 * Block elements (`p`, `div`, `li`, `h1`…, `br`, `center`, `tr`…) break paragraphs. Outside them a
 * raw newline breaks too, so Markdown lines stay apart, and a Markdown quote marker (`> `) at the
 * start of such a line is dropped. Inside a paragraph, runs of ASCII white space collapse to one
 * space as in a browser; NBSP (U+00A0) and U+3000 are kept. Entities are decoded; `<script>`,
 * `<style>`, comments and images (`alt` too, which in news feeds is "Image" or a chart label)
 * contribute nothing. Paragraphs of white space alone are dropped.
 *
 * @example
 * htmlToText('<p>据&lt;证券法&gt;<strong>规定</strong></p><p>第二段&#x65B0;</p>');
 * // => '据<证券法>规定\n第二段新'
 * htmlToText('> 摘要\n\n正文第一行\n正文第二行');
 * // => '摘要\n正文第一行\n正文第二行'
 */
export function htmlToText(html: string): string {
  const paragraphs: string[] = [];
  let current = '';
  let blockDepth = 0;
  let preDepth = 0;
  let hiddenDepth = 0;
  let atLineStart = true;

  const endParagraph = (): void => {
    const paragraph = current.replace(ASCII_WHITESPACE_RUN, ' ').replace(ASCII_WHITESPACE_AT_ENDS, '');
    if (!ONLY_WHITESPACE.test(paragraph)) paragraphs.push(paragraph);
    current = '';
  };

  const appendLine = (line: string): void => {
    if (atLineStart && blockDepth === 0) {
      line = line.replace(QUOTE_MARKERS, '');
      // The marker may come in a later chunk of the same line when this one is only indentation.
      atLineStart = line.replace(ASCII_WHITESPACE_AT_ENDS, '') === '';
    }
    current += line;
  };

  const parser = new Parser(
    {
      onopentag(name) {
        atLineStart = false;
        if (HIDDEN_ELEMENTS.has(name)) hiddenDepth++;
        if (hiddenDepth > 0) return;
        if (LINE_BREAK_ELEMENTS.has(name)) {
          endParagraph();
        } else if (BLOCK_ELEMENTS.has(name)) {
          endParagraph();
          blockDepth++;
          if (name === 'pre') preDepth++;
        }
      },
      onclosetag(name) {
        atLineStart = false;
        if (HIDDEN_ELEMENTS.has(name)) {
          hiddenDepth--;
          return;
        }
        if (hiddenDepth > 0 || !BLOCK_ELEMENTS.has(name)) return;
        endParagraph();
        blockDepth--;
        if (name === 'pre') preDepth--;
      },
      ontext(text) {
        if (hiddenDepth > 0) return;
        // Inside a block a newline is white space, as in a browser; outside one (Markdown text)
        // and inside <pre> the author meant a new line.
        if (blockDepth > 0 && preDepth === 0) {
          current += text;
          return;
        }
        const lines = text.split('\n');
        appendLine(lines[0]);
        for (let i = 1; i < lines.length; i++) {
          endParagraph();
          atLineStart = true;
          appendLine(lines[i]);
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  endParagraph();
  return paragraphs.join('\n');
}
