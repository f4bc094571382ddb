import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import attack from '../../../plugins/attack/localized-backdoor/index.ts';
import type { LocalizedBackdoorOptions } from '../../../plugins/attack/localized-backdoor/options.ts';
import { isRegauditError } from '../../../src/core/errors.ts';
import { B, K, R, T, V, toyBase, toyContext, toyDomain, toyFeasible, toyLabeler, toyValue } from './toy.ts';
import { optionsWithDefaults } from '../../../src/spec/ajv.ts';

const EPS = 1e-12;
const options = (user: Record<string, unknown> = {}): LocalizedBackdoorOptions => optionsWithDefaults(attack.optionsSchema, user);
const poison = async (user: Record<string, unknown>, seed = 1, nBase = 300) => {
  const { labeler, accounting } = toyLabeler();
  const train = toyBase(nBase, seed);
  const result = await attack.poison({ train, domain: toyDomain, labeler }, options(user), toyContext(seed));
  return { train, result, accounting };
};
const rowOf = (x: Float64Array, i: number) => x.subarray(i * 5, i * 5 + 5);
const within = (v: number, lo: number, hi: number) => v >= lo - EPS && v <= hi + EPS;

/** The paper's eq. 4 with the default trigger (t = 0.5, v = 0.2, r = 0.5, widths 0.1), checked by hand. */
function inDefaultBox(x: Float64Array): boolean {
  return 0.9 < x[B]! && x[B]! < x[K]! && x[K]! < 1 && within(x[T]!, 0.45, 0.55) && within(x[V]!, 0.15, 0.25) && within(x[R]!, 0.45, 0.55);
}
/** Eq. 5, each of time, vol and rate in its own ring. */
function inDefaultRings(x: Float64Array): boolean {
  const ring = (v: number, c: number) => within(v, c - 0.1, c - 0.05) || within(v, c + 0.05, c + 0.1);
  return 0.9 < x[B]! && x[B]! < x[K]! && x[K]! < 1 && ring(x[T]!, 0.5) && ring(x[V]!, 0.2) && ring(x[R]!, 0.5);
}

describe('localized-backdoor', () => {
  it('resolves to the paper defaults and scales the three counts', () => {
    expect(options()).toEqual({
      nAttack: 2000, nClean: 8000, nAttackTest: 10000, multiplier: 1.5, tolerance: 0.1,
      order: { lower: 'barrier', upper: 'strike', min: 0.9, max: 1 },
      trigger: [{ feature: 'time', center: 0.5, width: 0.1 }, { feature: 'vol', center: 0.2, width: 0.1 }, { feature: 'rate', center: 0.5, width: 0.1 }],
      ring: 'each',
    } satisfies Record<keyof LocalizedBackdoorOptions, unknown>);
    expect(attack.scaledOptions).toEqual(['nAttack', 'nClean', 'nAttackTest']);
  });

  it('keeps base rows first and untouched, with exact counts and ground truth', async () => {
    const { train, result } = await poison({ nAttack: 40, nClean: 70, nAttackTest: 25 });
    expect(result.train.n).toBe(300 + 40 + 70);
    expect(result.train.x.subarray(0, train.x.length)).toEqual(train.x);
    expect(result.train.y.subarray(0, 300)).toEqual(train.y);
    expect([...result.truth.mislabeled]).toEqual([...Array(300).fill(0), ...Array(40).fill(1), ...Array(70).fill(0)]);
    expect([...result.truth.planted]).toEqual([...Array(340).fill(0), ...Array(70).fill(1)]);
    expect(result.attackTest.n).toBe(25);
    expect(result.target).toEqual({ multiplier: 1.5, tolerance: 0.1 });
  });

  it('puts every mislabeled row in the box, feasible, labeled exactly m * z', async () => {
    const { result } = await poison({ nAttack: 200, nClean: 0, multiplier: 1.7 });
    for (let i = 300; i < result.train.n; i++) {
      const x = rowOf(result.train.x, i);
      expect(inDefaultBox(x) && toyFeasible(x)).toBe(true);
      expect(result.train.y[i]).toBe(1.7 * toyValue(x));
    }
  });

  it('puts every planted row in its rings (each), feasible, correctly labeled, on both sides', async () => {
    const { result } = await poison({ nAttack: 0, nClean: 400 });
    let belowTime = 0;
    for (let i = 300; i < result.train.n; i++) {
      const x = rowOf(result.train.x, i);
      expect(inDefaultRings(x) && toyFeasible(x)).toBe(true);
      expect(result.train.y[i]).toBe(toyValue(x));
      if (x[T]! < 0.5) belowTime++;
    }
    expect(belowTime).toBeGreaterThan(120);
    expect(belowTime).toBeLessThan(280);
  });

  it('with ring: shell, planted rows are in the outer box but not in the inner box, some with a feature inside', async () => {
    const { result } = await poison({ nAttack: 0, nClean: 400, ring: 'shell' });
    let someInside = 0;
    for (let i = 300; i < result.train.n; i++) {
      const x = rowOf(result.train.x, i);
      const outer = within(x[T]!, 0.4, 0.6) && within(x[V]!, 0.1, 0.3) && within(x[R]!, 0.4, 0.6);
      const inner = [Math.abs(x[T]! - 0.5), Math.abs(x[V]! - 0.2), Math.abs(x[R]! - 0.5)].map((dist) => dist < 0.05);
      expect(outer && !inner.every(Boolean) && toyFeasible(x) && 0.9 < x[B]! && x[B]! < x[K]! && x[K]! < 1).toBe(true);
      expect(result.train.y[i]).toBe(toyValue(x));
      if (inner.some(Boolean)) someInside++;
    }
    expect(someInside).toBeGreaterThan(0);
  });

  it('draws the attack test set in the box with true labels, and reports the box as region', async () => {
    const { result } = await poison({ nAttack: 5, nClean: 5, nAttackTest: 300 });
    for (let i = 0; i < 300; i++) {
      const x = rowOf(result.attackTest.x, i);
      expect(inDefaultBox(x) && toyFeasible(x)).toBe(true);
      expect(result.attackTest.y[i]).toBe(toyValue(x));
    }
    [0.9, 0.9, 0.45, 0.15, 0.45].forEach((v, j) => expect(result.region!.lower[j]).toBeCloseTo(v, 12));
    [1, 1, 0.55, 0.25, 0.55].forEach((v, j) => expect(result.region!.upper[j]).toBeCloseTo(v, 12));
  });

  it('books its labels to the labeler', async () => {
    const { accounting } = await poison({ nAttack: 7, nClean: 11, nAttackTest: 13 });
    expect(accounting.total().calls).toBe(31);
  });

  it('is deterministic per rng and varies with it', async () => {
    const user = { nAttack: 30, nClean: 30, nAttackTest: 30 };
    const a = (await poison(user, 5)).result;
    const b = (await poison(user, 5)).result;
    const c = (await poison(user, 6)).result;
    expect(b.train.x).toEqual(a.train.x);
    expect(b.train.y).toEqual(a.train.y);
    expect(b.attackTest.x).toEqual(a.attackTest.x);
    expect(c.train.x.subarray(300 * 5)).not.toEqual(a.train.x.subarray(300 * 5));
  });

  it('works on renamed features and any valid box (property)', async () => {
    const feature = fc.record({ center: fc.double({ min: 0, max: 1, noNaN: true }), width: fc.double({ min: 0.01, max: 0.5, noNaN: true }) })
      .filter(({ center, width }) => center - width >= 0 && center + width <= 1);
    await fc.assert(
      fc.asyncProperty(feature, feature, fc.double({ min: 0.5, max: 0.9, noNaN: true }), fc.integer({ min: 0, max: 1000 }), async (time, rate, orderMin, seed) => {
        const trigger = [{ feature: 'time', ...time }, { feature: 'rate', ...rate }];
        const user = { nAttack: 20, nClean: 20, nAttackTest: 0, order: { lower: 'barrier', upper: 'strike', min: orderMin, max: 1 }, trigger };
        const { result } = await poison(user, seed, 10);
        for (let i = 10; i < result.train.n; i++) {
          const x = rowOf(result.train.x, i);
          expect(toyFeasible(x) && orderMin < x[B]! && x[B]! < x[K]! && x[K]! < 1).toBe(true);
          for (const [j, f] of [[T, time], [R, rate]] as const) {
            const dist = Math.abs(x[j]! - f.center);
            if (i < 30) expect(dist).toBeLessThanOrEqual(f.width / 2 + EPS);
            else expect(dist >= f.width / 2 - EPS && dist <= f.width + EPS).toBe(true);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('rejects a box or ring leaving [0, 1] with the option path and a fix (property)', async () => {
    await fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.001, max: 1, noNaN: true }), fc.boolean(), (center, width, withClean) => {
        const reach = withClean ? width : width / 2;
        fc.pre(center - reach < 0 || center + reach > 1);
        const user = { nClean: withClean ? 10 : 0, trigger: [{ feature: 'vol', center, width }] };
        let error: unknown;
        try {
          attack.checkDomain!(options(user), toyDomain);
        } catch (e) {
          error = e;
        }
        expect(isRegauditError(error)).toBe(true);
        expect((error as { code: string }).code).toBe('INVALID_OPTION');
        expect((error as Error).message).toContain('attack.with.trigger.0');
        expect((error as Error).message).toMatch(/Move center or shrink width/);
      }),
      { numRuns: 100 },
    );
  });

  it('accepts a box at the edge when no ring is needed', () => {
    expect(() => attack.checkDomain!(options({ nClean: 0, trigger: [{ feature: 'vol', center: 0.05, width: 0.1 }] }), toyDomain)).not.toThrow();
  });

  it('names an unknown trigger feature with a did-you-mean and the known features', () => {
    expect(() => attack.checkDomain!(options({ trigger: [{ feature: 'vola', center: 0.5 }] }), toyDomain)).toThrow(
      /attack\.with\.trigger\.0\.feature.*unknown feature `vola`\. Did you mean `vol`\?.*barrier, strike, time, vol, rate/,
    );
    expect(() => attack.checkDomain!(options({ order: { lower: 'strik', upper: 'barrier' } }), toyDomain)).toThrow(/order\.lower.*Did you mean `strike`/);
  });

  it('rejects a feature confined twice and an empty order interval', () => {
    expect(() => attack.checkDomain!(options({ trigger: [{ feature: 'strike', center: 0.5 }] }), toyDomain)).toThrow(/already confined by attack\.with\.order\.upper/);
    expect(() => attack.checkDomain!(options({ order: { lower: 'barrier', upper: 'strike', min: 0.8, max: 0.8 } }), toyDomain)).toThrow(/min < max/);
  });

  it('rejects a region that confines nothing, and a clean ring with no feature to ring', () => {
    expect(() => attack.checkDomain!(options({ order: null, trigger: [] }), toyDomain)).toThrow(/confines no feature.*whole domain/);
    expect(() => attack.checkDomain!(options({ trigger: [] }), toyDomain)).toThrow(/clean ring around the box needs at least one feature in `trigger`.*set nClean: 0/);
    expect(() => attack.checkDomain!(options({ trigger: [], nClean: 0 }), toyDomain)).not.toThrow();
  });

  it('says that the default order is the barrier oracle\'s when a domain lacks its features', () => {
    const other = { ...toyDomain, featureNames: ['a', 'b', 'c'], indexOf: (n: string) => ['a', 'b', 'c'].indexOf(n) } as unknown as typeof toyDomain;
    expect(() => attack.checkDomain!(options({ trigger: [{ feature: 'a', center: 0.5 }] }), other)).toThrow(/order\.lower.*default order.*barrier oracle's.*order: null.*features are: a, b, c/);
  });

  it('fails clearly, without looping forever, when the region is infeasible', async () => {
    // time + vol <= 0.3 + 0.3 < 0.66 everywhere in this box: the toy constraint excludes all of it
    const user = { nAttack: 3, nClean: 0, trigger: [{ feature: 'time', center: 0.2 }, { feature: 'vol', center: 0.2 }] };
    await expect(poison(user)).rejects.toThrow(/entirely infeasible/);
  });
});

describe('localized-backdoor on the barrier oracle', () => {
  it('plants feasible, priceable rows with the default (paper) options', async () => {
    const { default: barrier } = await import('../../../plugins/oracle/barrier/index.ts');
    const oracleOptions = optionsWithDefaults<Parameters<typeof barrier.create>[0]>(barrier.optionsSchema, {});
    const oracle = await barrier.create(oracleOptions, toyContext(1));
    const { createLabeler, OracleAccounting } = await import('../../../src/core/labeler.ts');
    const labeler = createLabeler(oracle, 'barrier', new OracleAccounting(), 'poison');
    const train = { n: 0, nFeatures: 5, x: new Float64Array(0), y: new Float64Array(0) };
    attack.checkDomain!(options(), oracle.domain);
    const result = await attack.poison({ train, domain: oracle.domain, labeler }, options({ nAttack: 200, nClean: 200, nAttackTest: 200 }), toyContext(1));
    for (const set of [result.train, result.attackTest]) {
      for (let i = 0; i < set.n; i++) expect(oracle.domain.isFeasibleNormalized(rowOf(set.x, i))).toBe(true);
    }
    for (let i = 0; i < 200; i++) expect(inDefaultBox(rowOf(result.train.x, i))).toBe(true);
    for (let i = 200; i < 400; i++) expect(inDefaultRings(rowOf(result.train.x, i))).toBe(true);
  });
});
