/**
 * The attack region shared by the bundled attacks (paper section 3.1): an optional ordered pair of
 * features (`min < lower < upper < max`, the barrier/strike rule) and a list of features each confined to
 * an interval around a center. Names are resolved against the oracle's domain once, then rows are
 * drawn by rejection sampling so that every row is feasible under the domain's constraint.
 */
import type { Box } from '../../../src/core/attack.ts';
import { maxRejectionDraws, type Domain } from '../../../src/core/domain.ts';
import { invalidOption, unknownFeature, type ErrorOrigin } from '../../../src/core/errors.ts';
import type { Rng } from '../../../src/core/rng.ts';

/** The rule `min < lower < upper < max` on two features (normalized units). */
export interface OrderRule {
  /** The feature that must be smaller (the barrier in the paper). */
  readonly lower: string;
  /** The feature that must be larger (the strike in the paper). */
  readonly upper: string;
  readonly min: number;
  readonly max: number;
}

/** One confined feature: the box is `center ± width / 2`, the ring around it `width / 2 <= |x - center| <= width`. */
export interface RegionFeature {
  readonly feature: string;
  readonly center: number;
  readonly width: number;
}

/**
 * Where a row's confined features go:
 * - `box`: each in `[center - width/2, center + width/2]` (the backdoor box, eq. 4);
 * - `each`: each feature independently in its own ring `[c - w, c - w/2] ∪ [c + w/2, c + w]` (eq. 5 read
 *   literally: one condition per feature);
 * - `shell`: in the outer box `c ± w` but outside the inner box (at least one feature in its ring).
 */
export type Placement = 'box' | 'each' | 'shell';

/** A region with feature names resolved to column indices. */
export interface ResolvedRegion {
  readonly nFeatures: number;
  readonly order: { readonly lower: number; readonly upper: number; readonly min: number; readonly max: number } | null;
  readonly features: readonly { readonly index: number; readonly center: number; readonly width: number }[];
}

/** Where region options live, for error messages: the plugin and the spec path of its options. */
export interface RegionOrigin {
  readonly plugin: string;
  /** Dotted path of the plugin's options in a spec, e.g. `attack.with`. */
  readonly path: string;
}

function featureIndex(domain: Domain, name: string, origin: ErrorOrigin, fix?: string): number {
  const index = domain.indexOf(name);
  if (index < 0) throw unknownFeature(name, domain.featureNames, origin, fix);
  return index;
}

/** The fix for an unknown `order` feature: the default order is the barrier oracle's. */
const ORDER_FIX = 'The default order (barrier < strike, in [0.9, 1]) is the barrier oracle\'s: on another oracle name two of its features in `order`, or set `order: null` and confine features with the feature list. ';

/**
 * Resolves names against `domain` and checks the geometry: known and distinct features, the order rule
 * inside [0, 1] with min < max, every box inside [0, 1], and (when `withRing`) every ring too.
 * Throws a RegauditError (exit 2) naming the option and the fix.
 */
export function resolveRegion(
  domain: Domain,
  order: OrderRule | null,
  features: readonly RegionFeature[],
  listName: string,
  withRing: boolean,
  origin: RegionOrigin,
): ResolvedRegion {
  const at = (path: string): ErrorOrigin => ({ plugin: origin.plugin, path: `${origin.path}.${path}` });
  const used = new Map<number, string>();
  const claim = (index: number, path: string): void => {
    const previous = used.get(index);
    if (previous !== undefined) {
      throw invalidOption(at(path), `feature \`${domain.featureNames[index]}\` is already confined by ${origin.path}.${previous}.`, 'Confine each feature once.');
    }
    used.set(index, path);
  };
  let resolvedOrder: ResolvedRegion['order'] = null;
  if (order) {
    const lower = featureIndex(domain, order.lower, at('order.lower'), ORDER_FIX);
    claim(lower, 'order.lower');
    const upper = featureIndex(domain, order.upper, at('order.upper'), ORDER_FIX);
    claim(upper, 'order.upper');
    if (!(order.min >= 0 && order.max <= 1 && order.min < order.max)) {
      throw invalidOption(at('order'), `needs 0 <= min < max <= 1 (normalized units), got min ${order.min}, max ${order.max}.`, 'Pick min and max inside [0, 1] with min < max.');
    }
    resolvedOrder = { lower, upper, min: order.min, max: order.max };
  }
  if (!order && features.length === 0) {
    throw invalidOption(at(listName), `the region confines no feature (\`order\` is null and \`${listName}\` is empty), so it is the whole domain.`, `Name an \`order\` pair or at least one feature in \`${listName}\`.`);
  }
  if (withRing && features.length === 0) {
    throw invalidOption(at(listName), `the clean ring around the box needs at least one feature in \`${listName}\` (the \`order\` pair has no ring), else the planted clean rows fall inside the box.`, `Add a feature to \`${listName}\`, or set nClean: 0.`);
  }
  const resolved = features.map((f, i) => {
    const index = featureIndex(domain, f.feature, at(`${listName}.${i}.feature`));
    claim(index, `${listName}.${i}.feature`);
    const reach = withRing ? f.width : f.width / 2;
    const what = withRing ? 'the ring around the box (center ± width)' : 'the box (center ± width/2)';
    if (!(f.width > 0) || !(f.center - reach >= 0 && f.center + reach <= 1)) {
      throw invalidOption(
        at(`${listName}.${i}`),
        `${what} of \`${f.feature}\` is [${f.center - reach}, ${f.center + reach}], which leaves the normalized range [0, 1] (width must be > 0).`,
        `Move center or shrink width so that ${withRing ? 'width <= center <= 1 - width' : 'width/2 <= center <= 1 - width/2'}.`,
      );
    }
    return { index, center: f.center, width: f.width };
  });
  return { nFeatures: domain.nFeatures, order: resolvedOrder, features: resolved };
}

/** Draws one candidate row (before the feasibility check); false when the draw broke a strict inequality. */
function drawRow(region: ResolvedRegion, placement: Placement, rng: Rng, row: Float64Array): boolean {
  for (let j = 0; j < row.length; j++) row[j] = rng.next();
  const { order } = region;
  if (order) {
    const a = rng.uniform(order.min, order.max);
    const b = rng.uniform(order.min, order.max);
    const lo = Math.min(a, b), hi = Math.max(a, b);
    if (!(order.min < lo && lo < hi && hi < order.max)) return false;
    row[order.lower] = lo;
    row[order.upper] = hi;
  }
  let inside = true;
  for (const { index, center, width } of region.features) {
    const u = rng.next();
    if (placement === 'box') {
      row[index] = center - width / 2 + width * u;
    } else if (placement === 'each') {
      const offset = width / 2 + (width / 2) * rng.next();
      row[index] = u < 0.5 ? center - offset : center + offset;
    } else {
      row[index] = center - width + 2 * width * u;
      inside &&= Math.abs(row[index]! - center) < width / 2;
    }
  }
  return !(placement === 'shell' && region.features.length > 0 && inside);
}

/**
 * `n` feasible normalized rows in the region (row-major), drawn uniformly by rejection: the order pair
 * uniform on its triangle, confined features per `placement`, all other features uniform in [0, 1].
 * Throws when the region holds (almost) no feasible point, rather than looping forever.
 */
export function sampleRegion(domain: Domain, region: ResolvedRegion, n: number, placement: Placement, rng: Rng, origin: RegionOrigin): Float64Array {
  const d = region.nFeatures;
  const out = new Float64Array(n * d);
  const row = new Float64Array(d);
  const maxAttempts = maxRejectionDraws(n);
  let attempts = 0;
  for (let i = 0; i < n; ) {
    if (++attempts > maxAttempts) {
      throw invalidOption(
        { plugin: origin.plugin, path: origin.path },
        `only ${i} of ${n} rows placed (${placement}) after ${maxAttempts} draws: the region is (almost) entirely infeasible under the oracle's domain constraint.`,
        'Move the region to where the oracle can price (see the oracle README for its constraint).',
      );
    }
    if (!drawRow(region, placement, rng, row) || !domain.isFeasibleNormalized(row)) continue;
    out.set(row, i * d);
    i++;
  }
  return out;
}

/** The region's bounding box in normalized space: order pair in [min, max], confined features `center ± width/2`, others [0, 1]. */
export function regionBox(region: ResolvedRegion): Box {
  const lower = new Array<number>(region.nFeatures).fill(0);
  const upper = new Array<number>(region.nFeatures).fill(1);
  if (region.order) {
    for (const j of [region.order.lower, region.order.upper]) {
      lower[j] = region.order.min;
      upper[j] = region.order.max;
    }
  }
  for (const { index, center, width } of region.features) {
    lower[index] = center - width / 2;
    upper[index] = center + width / 2;
  }
  return { lower, upper };
}
