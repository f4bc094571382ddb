/** Did-you-mean suggestions for near-miss names (plugin names, spec keys, metric names). */
import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `name` when it is a plausible typo (edit distance at most a third of the
 * longer name, and at least 1 edit allowed), else undefined.
 */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, [...candidates]);
  const limit = Math.max(1, Math.floor(Math.max(name.length, best.length) / 3));
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** ` Did you mean \`x\`?` or an empty string. */
export function suggestionText(name: string, candidates: readonly string[]): string {
  const s = didYouMean(name, candidates);
  return s === undefined ? '' : ` Did you mean \`${s}\`?`;
}
