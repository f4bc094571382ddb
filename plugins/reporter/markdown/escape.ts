/**
 * Escaping spec strings for GitHub-flavoured Markdown. Every ASCII punctuation character that inline
 * Markdown, GFM tables, inline HTML, entities, math or mentions could read as syntax is backslash-escaped
 * (CommonMark lets any ASCII punctuation be escaped, and GFM honours `\|` inside table cells), and line
 * breaks become spaces (control characters U+FFFD) so a string stays inside its table cell or line. The reporter never starts a line
 * with an escaped string, so line-start syntax (`-`, `1.`, `===`) needs no escape.
 */
/** Control characters other than tab and line breaks, which no reader wants raw. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const SYNTAX = /[\\`*_{}[\]()<>#+!|&~$@^]/g;

/** `s` as literal text in a Markdown line or table cell. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(CONTROL, '\uFFFD')
    .replace(SYNTAX, (c) => `\\${c}`);
}
