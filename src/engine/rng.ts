/**
 * A small seeded pseudo-random generator, so a Monte Carlo gives the same number
 * at every recalculation, on every machine (Math.random is neither seeded nor
 * reproducible).
 *
 * - xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 − 1,
 *   32-bit outputs; all arithmetic in 32-bit integers (Math.imul, >>> 0), so
 *   every JavaScript engine produces the same sequence.
 * - The seed is spread into the state with splitmix32 steps, so nearby seeds
 *   (1, 2, 3) give unrelated streams.
 * - Normals by the ziggurat method (Marsaglia & Tsang, 2000, 128 layers): one
 *   32-bit draw per normal for ~99 % of draws (7 bits pick the layer, the other
 *   25 the signed abscissa, so layer and value never share bits), the exact
 *   wedge and tail tests otherwise. Faster than Box–Muller (no sin/cos/log per
 *   draw), which the Monte Carlo's time budget needs.
 */

/** One splitmix32 step from a 32-bit state: returns the next state and its output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [next, z >>> 0];
}

const TWO_POW_32 = 4294967296;

// ---- ziggurat tables (computed once, from the layer recurrence of Marsaglia & Tsang) ----
const LAYERS = 128;
const R = 3.442619855899; // start of the tail
const V = 9.91256303526217e-3; // area of each layer
const SCALE = 16777216; // 2^24: the signed 25-bit abscissa j lies in [−2^24, 2^24)
export const ZIGGURAT_R = R;
export const ZK = new Float64Array(LAYERS); // |j| < ZK[i]: inside the layer's rectangle, accept at once
export const ZW = new Float64Array(LAYERS); // x = j · ZW[i]
export const ZF = new Float64Array(LAYERS); // the density exp(−x²/2) at each layer's edge
(function buildTables() {
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  ZK[0] = (dn / q) * SCALE;
  ZK[1] = 0;
  ZW[0] = q / SCALE;
  ZW[LAYERS - 1] = dn / SCALE;
  ZF[0] = 1;
  ZF[LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    ZK[i + 1] = (dn / tn) * SCALE;
    tn = dn;
    ZF[i] = Math.exp(-0.5 * dn * dn);
    ZW[i] = dn / SCALE;
  }
})();

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed`: any finite number; its integer part modulo 2^32 selects the stream. */
  constructor(seed: number) {
    let s = Math.trunc(seed) | 0;
    let out: number;
    [s, out] = splitmix32(s);
    this.a = out;
    [s, out] = splitmix32(s);
    this.b = out;
    [s, out] = splitmix32(s);
    this.c = out;
    [s, out] = splitmix32(s);
    this.d = out;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** A generator at an explicit xoshiro128** state (four 32-bit words, not all zero): for checks against the reference code. */
  static fromState(a: number, b: number, c: number, d: number): Rng {
    const r = new Rng(0);
    r.a = a | 0;
    r.b = b | 0;
    r.c = c | 0;
    r.d = d | 0;
    return r;
  }

  /** The current state (four signed 32-bit words), e.g. to hand-inline the generator in a benchmark. */
  getState(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const b = this.b;
    const r = Math.imul(b, 5);
    const rot = (r << 7) | (r >>> 25);
    const result = Math.imul(rot, 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return result;
  }

  /** A uniform number strictly inside (0, 1): (k + 0.5) / 2^32. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** A standard normal draw. */
  normal(): number {
    const u = this.nextUint32();
    const layer = u & (LAYERS - 1);
    const j = (u | 0) >> 7;
    if (Math.abs(j) < ZK[layer]) return j * ZW[layer];
    return this.normalSlow(j, layer);
  }

  /**
   * Fills `out` with standard normal draws: the same sequence as calling
   * normal() out.length times, with the generator's state kept in locals.
   */
  fillNormals(out: Float64Array): void {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    for (let i = 0; i < out.length; i++) {
      const r = Math.imul(b, 5);
      const u = Math.imul((r << 7) | (r >>> 25), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      const layer = u & (LAYERS - 1);
      const j = u >> 7;
      if (Math.abs(j) < ZK[layer]) {
        out[i] = j * ZW[layer];
      } else {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        out[i] = this.normalSlow(j, layer);
        a = this.a;
        b = this.b;
        c = this.c;
        d = this.d;
      }
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The state into `out` (four signed 32-bit words), for a loop that draws inline with the state in local variables (the Monte Carlo's month loop). */
  saveState(out: Int32Array): void {
    out[0] = this.a;
    out[1] = this.b;
    out[2] = this.c;
    out[3] = this.d;
  }

  /** The state from `src` (saveState's layout, never all zero): the inline loop hands it back. */
  loadState(src: Int32Array): void {
    this.a = src[0];
    this.b = src[1];
    this.c = src[2];
    this.d = src[3];
  }

  /**
   * The ziggurat's rare path for a draw u whose rectangle test failed (layer =
   * u & 127, j = (u | 0) >> 7), drawing on from the generator's state: normal()
   * is `|j| < ZK[layer] ? j · ZW[layer] : normalRare(j, layer)`.
   */
  normalRare(j: number, layer: number): number {
    return this.normalSlow(j, layer);
  }

  /** The ziggurat's rare path: the tail beyond R (layer 0) or the wedge under the density. */
  private normalSlow(j: number, layer: number): number {
    for (;;) {
      if (layer === 0) {
        // Marsaglia's tail method: x = −ln(U1)/R until −2 ln(U2) > x²
        let x: number;
        let y: number;
        do {
          x = -Math.log(this.uniform()) / R;
          y = -Math.log(this.uniform());
        } while (y + y < x * x);
        return j > 0 ? R + x : -R - x;
      }
      const x = j * ZW[layer];
      if (ZF[layer] + this.uniform() * (ZF[layer - 1] - ZF[layer]) < Math.exp(-0.5 * x * x)) return x;
      const u = this.nextUint32();
      layer = u & (LAYERS - 1);
      j = (u | 0) >> 7;
      if (Math.abs(j) < ZK[layer]) return j * ZW[layer];
    }
  }
}
