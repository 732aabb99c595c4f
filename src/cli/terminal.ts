const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/**
 * Highlighted HTML from the API (escaped text with `<mark>` only) as terminal text: marks in
 * bold yellow on a terminal, in `[brackets]` otherwise; entities decoded.
 *
 * @example markToTerminal('<mark>海通证券</mark>&amp;', false) // '[海通证券]&'
 */
export function markToTerminal(html: string, tty: boolean): string {
  const open = tty ? '\u001b[1;33m' : '[';
  const close = tty ? '\u001b[0m' : ']';
  return html
    .replace(/<mark>/g, open)
    .replace(/<\/mark>/g, close)
    .replace(/&(?:lt|gt|amp|quot|#39|#x27);/g, (entity) => ENTITIES[entity]);
}
