/**
 * Batched projected gradient ascent on E (paper eq. 2): every seed moves at once. A seed steps a length
 * `step` along its normalized gradient, projected onto the feasible domain; the move is kept only if E
 * grew, otherwise the seed's step is halved; it is also halved when the gradient at the new point turns
 * against the previous one (the step overshot the top, which would otherwise zigzag across it). Steps also shrink by `stepDecay` after every iteration
 * (non-increasing step size). A seed stops when its step, or its accepted move, is below `tolerance`,
 * when its gradient vanishes, or after `maxSteps` iterations. E therefore never decreases along an ascent.
 */
import type { PluginContext } from '../core/plugin.ts';
import type { SearchOptions } from './options.ts';
import { selectPoints } from './points.ts';
import { projectMove } from './project.ts';
import { squaredError, type ErrorSurface } from './surface.ts';

/** Step schedule of one round. */
export interface AscentSchedule {
  readonly step: number;
  readonly tolerance: number;
  readonly maxSteps: number;
  readonly stepDecay: number;
  readonly backtrackSteps: number;
}

/**
 * The schedule of round `round` (1-based): initial step initialStep * roundStepFactor^(round-1) and
 * tolerance tolerance * roundToleranceFactor^(round-1), so each round starts smaller and stops tighter.
 */
export function roundSchedule(options: SearchOptions, round: number): AscentSchedule {
  return {
    step: options.initialStep * options.roundStepFactor ** (round - 1),
    tolerance: options.tolerance * options.roundToleranceFactor ** (round - 1),
    maxSteps: options.maxSteps,
    stepDecay: options.stepDecay,
    backtrackSteps: options.backtrackSteps,
  };
}

/** Points with their model and oracle values. */
export interface EvaluatedPoints {
  readonly n: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

/** Evaluates Y and Z (oracle rows counted) at `n` feasible rows. */
export async function evaluatePoints(surface: ErrorSurface, x: Float64Array, n: number): Promise<EvaluatedPoints> {
  const y = await surface.predict(x, n);
  const z = await surface.label(x, n);
  return { n, x, y, z };
}

/** Climbs E from every row of `start` (feasible, evaluated) and returns where each ascent ended. */
export async function ascend(surface: ErrorSurface, start: EvaluatedPoints, schedule: AscentSchedule, ctx: PluginContext, task: string): Promise<EvaluatedPoints> {
  const d = surface.nFeatures;
  const n = start.n;
  const x = Float64Array.from(start.x);
  const y = Float64Array.from(start.y);
  const z = Float64Array.from(start.z);
  const step = new Float64Array(n).fill(schedule.step);
  const active = new Uint8Array(n).fill(1);
  let g = await surface.errorGradient(x, y, z, n);

  let steps = 0;
  for (let iter = 0; iter < schedule.maxSteps; iter++) {
    ctx.signal.throwIfAborted();
    ctx.progress.update(task, iter, schedule.maxSteps);
    // Propose moves for active seeds.
    const movers: number[] = [];
    const proposals: number[] = [];
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      const gi = g.subarray(i * d, i * d + d);
      const norm = Math.hypot(...gi);
      if (!(norm > 0)) {
        active[i] = 0;
        continue;
      }
      const from = x.subarray(i * d, i * d + d);
      const to = new Float64Array(d);
      for (let j = 0; j < d; j++) to[j] = from[j]! + (step[i]! * gi[j]!) / norm;
      const p = projectMove(surface.domain, from, to, schedule.backtrackSteps);
      if (p === undefined) {
        step[i]! /= 2;
      } else {
        movers.push(i);
        for (let j = 0; j < d; j++) proposals.push(p[j]!);
      }
    }
    if (movers.length > 0) {
      const m = movers.length;
      const px = Float64Array.from(proposals);
      const pv = await evaluatePoints(surface, px, m);
      const accepted: number[] = [];
      for (let k = 0; k < m; k++) {
        const i = movers[k]!;
        if (squaredError(pv.y[k]!, pv.z[k]!) > squaredError(y[i]!, z[i]!)) {
          let moved = 0;
          for (let j = 0; j < d; j++) moved = Math.max(moved, Math.abs(px[k * d + j]! - x[i * d + j]!));
          x.set(px.subarray(k * d, k * d + d), i * d);
          y[i] = pv.y[k]!;
          z[i] = pv.z[k]!;
          if (moved < schedule.tolerance) active[i] = 0;
          else accepted.push(i);
        } else {
          step[i]! /= 2;
        }
      }
      if (accepted.length > 0) {
        const a = selectPoints({ n, x, y, z }, d, accepted);
        const ag = await surface.errorGradient(a.x, a.y, a.z, a.n);
        accepted.forEach((i, k) => {
          // A gradient that turned against the last move means the step overshot the top: halve it.
          let dot = 0;
          for (let j = 0; j < d; j++) dot += ag[k * d + j]! * g[i * d + j]!;
          if (dot < 0) step[i]! /= 2;
          g.set(ag.subarray(k * d, k * d + d), i * d);
        });
      }
    }
    let anyActive = false;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      step[i]! *= schedule.stepDecay;
      if (step[i]! < schedule.tolerance) active[i] = 0;
      else anyActive = true;
    }
    steps = iter + 1;
    if (!anyActive) break;
  }
  ctx.progress.update(task, steps, steps); // done: the steps taken, fewer than maxSteps when every seed stopped early
  ctx.progress.finish(task);
  return { n, x, y, z };
}
