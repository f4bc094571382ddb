/**
 * Safe HTML building: the `html` tagged template escapes every interpolated value unless it is `Markup`
 * (a fragment built by `html` itself, or an SVG the chart renderer produced), so a spec string can only
 * ever reach the page as text.
 */

/** A fragment of HTML that is already safe to insert. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, trusted markup, or lists of those; null/undefined/false print nothing. */
export type Interpolation = string | number | Markup | null | undefined | false | readonly Interpolation[];

/** Characters that end text or attribute values in HTML, and control characters no page should carry. */
const SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` as HTML text or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(SPECIAL, (c) => ENTITY[c] ?? '\uFFFD');
}

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Markup) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Builds Markup from a template, escaping every interpolation that is not Markup already. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Markup(out);
}
