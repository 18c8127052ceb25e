/**
 * Counting the expensive work a call does, instead of timing it (speed lives in
 * `npm run bench`; a jest test that asserts wall time fails under load). Each
 * counted function is one the code calls through its module, so replacing the
 * module's export with a counting wrapper sees every call: the model metrics'
 * compute (every evaluation of a model, a table's rows and a grid's cells), the
 * Monte Carlo, the projection, the AI side's pass over its months, and the
 * "did you mean" searches (an edit-distance search over a name list each).
 */
import * as errors from '../../src/engine/errors';
import { MODELS } from '../../src/engine/models';
import * as montecarlo from '../../src/engine/montecarlo';
import * as projection from '../../src/engine/projection';
import * as valuation from '../../src/engine/valuation';

export interface Work {
  /** Model metrics computed (each a full evaluation of a model, or one row of a table). */
  evaluations: number;
  /** Monte Carlo runs, and the paths they simulated in all. */
  simulations: number;
  paths: number;
  /** Projections, and the months they projected in all. */
  projections: number;
  projectedMonths: number;
  /** Passes over the AI side's months, as the models call them (valueAi, aiValuationPass, npvDeltaOnePass, npvDeltaAiSide). */
  aiPasses: number;
  /** "Did you mean" searches (closest, didYouMean). */
  nameSearches: number;
}

/** Replaces obj[key] with a wrapper that calls `count(args)` and then the original; returns the restore. */
function wrap<T extends object>(obj: T, key: string, count: (args: unknown[]) => void): () => void {
  const target = obj as unknown as Record<string, unknown>;
  const original = target[key] as (...a: unknown[]) => unknown;
  target[key] = function counted(this: unknown, ...args: unknown[]) {
    count(args);
    return original.apply(this, args);
  };
  return () => {
    target[key] = original;
  };
}

/**
 * Starts counting; `work` is reset to zeros and accumulates until `stop()`. Wrapping
 * rather than jest.spyOn: a spy keeps every call's arguments, and the fuzz makes
 * tens of thousands of calls.
 */
export function countWork(): { work: Work; reset(): void; stop(): void } {
  const work: Work = { evaluations: 0, simulations: 0, paths: 0, projections: 0, projectedMonths: 0, aiPasses: 0, nameSearches: 0 };
  const restores: (() => void)[] = [];
  for (const model of Object.values(MODELS)) {
    for (const m of model.metrics) restores.push(wrap(m, 'compute', () => work.evaluations++));
  }
  restores.push(
    wrap(montecarlo, 'simulateLeaseVsMining', (a) => {
      work.simulations++;
      work.paths += (a[1] as { paths: number }).paths;
    }),
  );
  restores.push(
    wrap(projection, 'projectionTable', (a) => {
      work.projections++;
      work.projectedMonths += a[2] as number;
    }),
  );
  restores.push(wrap(valuation, 'valueAi', () => work.aiPasses++));
  restores.push(wrap(valuation, 'aiValuationPass', () => work.aiPasses++));
  restores.push(wrap(valuation, 'npvDeltaOnePass', () => work.aiPasses++));
  restores.push(wrap(valuation, 'npvDeltaAiSide', () => work.aiPasses++));
  restores.push(wrap(errors, 'closest', () => work.nameSearches++));
  restores.push(wrap(errors, 'didYouMean', () => work.nameSearches++));
  return {
    work,
    reset() {
      for (const k of Object.keys(work) as (keyof Work)[]) work[k] = 0;
    },
    stop() {
      for (const r of restores.reverse()) r();
    },
  };
}
