const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Stands in for codemirror-json-schema's markdown renderer (see build.mjs): the text escaped, `code` spans marked,
 * paragraphs kept. Its output goes to innerHTML, so everything else is escaped.
 */
export function renderMarkdown(markdown: string, inline = true): string {
  const html = markdown
    .replace(/[&<>"']/g, (c) => escapes[c])
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\n{2,}/g, '<br><br>');
  return inline ? html : `<p>${html}</p>`;
}
