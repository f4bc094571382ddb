import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';
import { ascend, evaluatePoints, roundSchedule } from '../../src/search/ascent.ts';
import { resolveSearchOptions } from '../../src/search/options.ts';
import { ErrorSurface, squaredError } from '../../src/search/surface.ts';
import { bumpModel, testContext, toyLabeler } from './toy.ts';

describe('ascend', () => {
  it('increases E on every seed and keeps every point feasible', async () => {
    const { domain, labeler } = toyLabeler();
    // The tilt makes the error non-zero everywhere, so every seed has somewhere to climb.
    const model = bumpModel(domain, { center: [0.3, 0.6, 0.5], height: 1, width: 0.15, tilt: 0.3 });
    const surface = new ErrorSurface(model, labeler, domain, 1e-4, 256);
    const n = 40;
    const start = await evaluatePoints(surface, domain.sample(n, new Rng(7, 'seeds')), n);
    const end = await ascend(surface, start, roundSchedule(resolveSearchOptions(), 1), testContext(), 'test');
    for (let i = 0; i < n; i++) {
      expect(squaredError(end.y[i]!, end.z[i]!)).toBeGreaterThan(squaredError(start.y[i]!, start.z[i]!));
      expect(domain.isFeasibleNormalized(end.x.subarray(i * 3, i * 3 + 3))).toBe(true);
    }
  });

  it('each round starts with a smaller step and stops at a tighter tolerance', () => {
    const options = resolveSearchOptions({ rounds: 4 });
    const schedules = [1, 2, 3, 4].map((k) => roundSchedule(options, k));
    for (let k = 1; k < schedules.length; k++) {
      expect(schedules[k]!.step).toBeLessThan(schedules[k - 1]!.step);
      expect(schedules[k]!.tolerance).toBeLessThan(schedules[k - 1]!.tolerance);
    }
    expect(schedules[0]!.step).toBe(options.initialStep);
  });

  it('spends exactly 1 + 2d + 1 + 2d oracle rows for one interior seed and one accepted step', async () => {
    const { domain, labeler, accounting } = toyLabeler();
    const model = bumpModel(domain, { center: [0.3, 0.6, 0.5], height: 1, width: 0.15 });
    const surface = new ErrorSurface(model, labeler, domain, 1e-4, 256);
    const start = await evaluatePoints(surface, Float64Array.from([0.25, 0.55, 0.45]), 1);
    const schedule = { ...roundSchedule(resolveSearchOptions(), 1), maxSteps: 1, step: 0.01 };
    const end = await ascend(surface, start, schedule, testContext(), 'test');
    expect(squaredError(end.y[0]!, end.z[0]!)).toBeGreaterThan(squaredError(start.y[0]!, start.z[0]!));
    // start value, central-difference gradient (2 x 3 probes), the proposal, the new gradient
    expect(surface.oracleCalls).toBe(1 + 6 + 1 + 6);
    expect(accounting.total().calls).toBe(surface.oracleCalls);
  });

  it('reports the task complete with the steps it took before finishing it, also when every seed stops early', async () => {
    const { domain, labeler } = toyLabeler();
    const model = bumpModel(domain, { center: [0.3, 0.6, 0.5], height: 1, width: 0.15 });
    const surface = new ErrorSurface(model, labeler, domain, 1e-4, 256);
    const start = await evaluatePoints(surface, Float64Array.from([0.25, 0.55, 0.45]), 1);
    // a tolerance above the step: the seed stops after its first iteration
    const schedule = { ...roundSchedule(resolveSearchOptions(), 1), maxSteps: 40, step: 0.01, tolerance: 0.02 };
    const events: string[] = [];
    const ctx = { ...testContext(), progress: { update: (t: string, done: number, total: number) => events.push(`${t} ${done}/${total}`), finish: (t: string) => events.push(`${t} finished`) } };
    await ascend(surface, start, schedule, ctx, 'round 1');
    expect(events[0]).toBe('round 1 0/40');
    expect(events.slice(-2)).toEqual(['round 1 1/1', 'round 1 finished']); // one step, then every seed had stopped
    events.length = 0;
    await ascend(surface, start, { ...schedule, maxSteps: 3, tolerance: 1e-9 }, ctx, 'round 2');
    expect(events).toEqual(['round 2 0/3', 'round 2 1/3', 'round 2 2/3', 'round 2 3/3', 'round 2 finished']);
  });
});
