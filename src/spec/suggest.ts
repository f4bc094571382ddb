/** Did-you-mean suggestions for near-miss names (plugin names, spec keys, metric names). */
import { closest, distance } from 'fastest-levenshtein';

/** True when `b` is `a` with two adjacent letters swapped (`sede` / `seed`), ignoring case. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  const i = [...x].findIndex((c, k) => c !== y[k]);
  return i >= 0 && i + 1 < x.length && x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2);
}

/**
 * The candidate closest to `name` when it is a plausible typo (two adjacent letters swapped, or an edit
 * distance of at most a third of the longer name with at least 1 edit allowed), else the longest
 * candidate that `name` spells out (`minimum` -> `min`), else undefined.
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const swapped = candidates.find((c) => isTransposition(name, c));
  if (swapped !== undefined) return swapped;
  const lowered = candidates.map((c) => c.toLowerCase());
  const best = candidates[lowered.indexOf(closest(name.toLowerCase(), lowered))]!;
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  if (distance(name.toLowerCase(), best.toLowerCase()) <= limit) return best;
  return longestPrefixOf(name, candidates);
}

/** The longest candidate of 3 letters or more that `name` starts with (`minimum` -> `min`), ignoring case. */
function longestPrefixOf(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const prefixes = candidates.filter((c) => c.length >= 3 && lower.startsWith(c.toLowerCase()));
  return prefixes.sort((a, b) => b.length - a.length)[0];
}

/** ` Did you mean \`x\`?` or an empty string. */
export function suggestionText(name: string, candidates: readonly string[]): string {
  const s = didYouMean(name, candidates);
  return s === undefined ? '' : ` Did you mean \`${s}\`?`;
}
