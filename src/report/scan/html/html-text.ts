import { webUrl } from "../advisory-url.js";
import { escapeMarkup } from "../escape-markup.js";

/** Escapes text for HTML content or a quoted attribute. */
export const x = escapeMarkup;

/** A link when `url` is an http(s) URL (a feed cannot smuggle `javascript:` in), else the escaped text. */
export function link(url: string | undefined, text: string): string {
  const href = url === undefined ? undefined : webUrl(url);
  return href ? `<a href="${x(href)}" rel="noopener noreferrer">${x(text)}</a>` : x(text);
}

/** An ISO timestamp as `YYYY-MM-DD HH:MM UTC`; the text itself when it does not parse. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return "";
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Whole days from `from` to `to` (ISO strings), or undefined when either does not parse. */
export function daysBetween(from: string | undefined, to: string | undefined): number | undefined {
  const a = from ? Date.parse(from) : Number.NaN;
  const b = to ? Date.parse(to) : Number.NaN;
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.floor((b - a) / 86_400_000);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
