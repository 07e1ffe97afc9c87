/**
 * Confidence intervals for `ppcheck mix`: batch means over independent runs.
 * Each run is one batch; its fraction of a road (road events / group events
 * in that run) is one observation. The interval is Student's t interval of the
 * mean of those observations; a difference between two variants is Welch's
 * interval (unequal variances, Welch–Satterthwaite degrees of freedom).
 * Pure functions; the t quantile is computed from the regularized incomplete
 * beta function (continued fraction, Numerical Recipes §6.4) by bisection.
 */

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), |error| < 1e-15 for x > 0.5
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function betacf(a: number, b: number, x: number): number {
  const EPS = 1e-15;
  const FPMIN = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (bt * betacf(a, b, x)) / a;
  return 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df > 0, not necessarily an integer). */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0.5 < p < 1), by bisection to 1e-12. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1)) throw new RangeError(`tQuantile: p must be in (0.5, 1), got ${p}`);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A point estimate with its two-sided interval; lo/hi null when fewer than two observations. */
export interface Interval {
  mean: number;
  lo: number | null;
  hi: number | null;
  /** observations (runs) it rests on */
  n: number;
}

export const CONFIDENCE = 0.95;

function meanVar(xs: readonly number[]): { mean: number; v: number } {
  const n = xs.length;
  let s = 0;
  for (const x of xs) s += x;
  const mean = n > 0 ? s / n : 0;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, v: n > 1 ? ss / (n - 1) : 0 };
}

/** Student's t interval of the mean of independent observations (batch means). */
export function batchMeans(xs: readonly number[], confidence = CONFIDENCE): Interval {
  const n = xs.length;
  const { mean, v } = meanVar(xs);
  if (n < 2) return { mean, lo: null, hi: null, n };
  const half = tQuantile(0.5 + confidence / 2, n - 1) * Math.sqrt(v / n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** Welch's interval for mean(a) − mean(b). */
export function welchDifference(a: readonly number[], b: readonly number[], confidence = CONFIDENCE): Interval {
  const A = meanVar(a);
  const B = meanVar(b);
  const n = Math.min(a.length, b.length);
  // a side with no observation has no mean: no difference either
  if (n === 0) return { mean: 0, lo: null, hi: null, n };
  const mean = A.mean - B.mean;
  if (a.length < 2 || b.length < 2) return { mean, lo: null, hi: null, n };
  const qa = A.v / a.length;
  const qb = B.v / b.length;
  const se2 = qa + qb;
  const df = se2 > 0 ? (se2 * se2) / ((qa * qa) / (a.length - 1) + (qb * qb) / (b.length - 1)) : a.length + b.length - 2;
  const half = tQuantile(0.5 + confidence / 2, df) * Math.sqrt(se2);
  return { mean, lo: mean - half, hi: mean + half, n };
}
