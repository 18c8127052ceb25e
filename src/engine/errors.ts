/**
 * Engine errors are values, never exceptions. Each carries the Excel error code
 * the user will see and a message that says what to fix.
 */
export type ErrorCode = '#VALUE!' | '#N/A' | '#NUM!' | '#DIV/0!';

export interface EngineError {
  readonly kind: 'EngineError';
  readonly code: ErrorCode;
  readonly message: string;
}

export function engineError(code: ErrorCode, message: string): EngineError {
  return { kind: 'EngineError', code, message };
}

export const valueError = (message: string): EngineError => engineError('#VALUE!', message);
export const naError = (message: string): EngineError => engineError('#N/A', message);
export const numError = (message: string): EngineError => engineError('#NUM!', message);

export function isEngineError(x: unknown): x is EngineError {
  return typeof x === 'object' && x !== null && (x as EngineError).kind === 'EngineError';
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const sub = prev[j - 1] + cost;
      cur[j] = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}

/** The closest candidate to `given` (case-insensitive), or undefined when nothing is close. */
export function closest(given: string, candidates: readonly string[]): string | undefined {
  const g = given.toLowerCase().slice(0, 64);
  const limit = Math.max(3, Math.ceil(g.length / 2));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    // a substring match ("price" in "btc_price") is a strong hint
    const substring = lc.includes(g) || g.includes(lc);
    // the edit distance is at least the difference in length: skip names that cannot come within the limit or beat the best
    if (!substring && Math.abs(lc.length - g.length) > Math.min(limit, bestScore)) continue;
    const d = substring ? Math.abs(lc.length - g.length) * 0.25 : editDistance(g, lc);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= limit ? best : undefined;
}

export function didYouMean(given: string, candidates: readonly string[]): string {
  const c = closest(given, candidates);
  return c ? `did you mean "${c}"?` : `valid names: ${candidates.join(', ')}`;
}
