/**
 * Excel's documented IRR method, written independently of the engine for tests:
 * Newton from the guess, at most 20 steps (Math.pow per term, as a spreadsheet
 * would write it). NaN when it does not converge.
 */
export function newton20(values: readonly number[], guess = 0.1): number {
  let r = guess;
  for (let i = 0; i < 20; i++) {
    let f = 0;
    let df = 0;
    for (let t = 0; t < values.length; t++) {
      f += values[t] / Math.pow(1 + r, t);
      df -= (t * values[t]) / Math.pow(1 + r, t + 1);
    }
    const next = r - f / df;
    if (!Number.isFinite(next) || next <= -1) return NaN;
    if (Math.abs(next - r) < 1e-10) return next;
    r = next;
  }
  return NaN;
}
