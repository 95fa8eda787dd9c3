/**
 * Marks the words of a query in a text, matching with or without diacritics and in either i/y
 * spelling, as the search does: "cong an" highlights "Công an", "ki thi" highlights "kỳ thi".
 * The result is HTML with everything else escaped, so untrusted text (claims, crawled pages)
 * can be shown as it is.
 */
import { foldDiacritics, foldForSearch, unifyIY } from './normalize.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Folds character by character and remembers where each folded character came from. */
function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const f = foldDiacritics(text[i] as string);
    folded += f;
    for (let k = 0; k < f.length; k += 1) origin.push(i);
  }
  origin.push(text.length);
  return { folded, origin };
}

const WORD = /[\p{L}\p{N}]+/gu;

export function highlightHtml(text: string, query: string, tag = 'mark'): string {
  const terms = new Set((foldForSearch(query).match(WORD) ?? []).filter((t) => t.length > 0));
  if (terms.size === 0) return escapeHtml(text);
  const { folded, origin } = foldWithMap(text);
  const ranges: [number, number][] = [];
  for (const m of folded.matchAll(WORD)) {
    if (terms.has(unifyIY(m[0]))) ranges.push([origin[m.index] as number, origin[m.index + m[0].length] as number]);
  }
  let html = '';
  let at = 0;
  for (const [start, end] of ranges) {
    html += `${escapeHtml(text.slice(at, start))}<${tag}>${escapeHtml(text.slice(start, end))}</${tag}>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}
