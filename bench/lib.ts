/**
 * Tiny benchmark kit: medians over repeated runs, and ratios against a baseline
 * measured in the same run. A bench never fails a test; it prints and records.
 */
import { performance } from 'node:perf_hooks';

export interface BenchResult {
  name: string;
  /** Median wall time of one run, in milliseconds. */
  medianMs: number;
  runs: number;
}

export interface Ratio {
  name: string;
  value: number;
  /** The goal, when the issue sets one: value must be <= limit. */
  limit?: number;
}

export interface BenchReport {
  results: BenchResult[];
  ratios: Ratio[];
  /** Other figures worth recording (sizes, counts): name -> value with unit. */
  figures?: Record<string, string>;
  notes?: string[];
}

/** A bench module: `bench/<name>.bench.ts` exports `default` of this type. */
export interface BenchModule {
  title: string;
  run(): Promise<BenchReport>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `fn` `warmup` times untimed, then at least `runs` times (and at least `minMs`
 * of total time) and returns the median. Use `batch` for very fast functions: each
 * sample then times `batch` calls and reports the per-call time.
 */
export async function measure(
  name: string,
  fn: () => unknown,
  opts: { warmup?: number; runs?: number; minMs?: number; batch?: number } = {},
): Promise<BenchResult> {
  const { warmup = 3, runs = 15, minMs = 300, batch = 1 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < runs || performance.now() - started < minMs) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) await fn();
    samples.push((performance.now() - t0) / batch);
    if (samples.length >= runs * 20) break;
  }
  return { name, medianMs: median(samples), runs: samples.length };
}

/**
 * Measures two functions interleaved (A, B, A, B, ...) so that machine noise hits both
 * alike, and returns both medians. Prefer this for ratios.
 */
export async function measurePair(
  a: { name: string; fn: () => unknown },
  b: { name: string; fn: () => unknown },
  opts: { warmup?: number; runs?: number; batch?: number } = {},
): Promise<[BenchResult, BenchResult]> {
  const { warmup = 3, runs = 21, batch = 1 } = opts;
  for (let i = 0; i < warmup; i++) {
    await a.fn();
    await b.fn();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [f, s] of i % 2 ? ([[b.fn, sb], [a.fn, sa]] as const) : ([[a.fn, sa], [b.fn, sb]] as const)) {
      const t0 = performance.now();
      for (let j = 0; j < batch; j++) await f();
      s.push((performance.now() - t0) / batch);
    }
  }
  return [
    { name: a.name, medianMs: median(sa), runs },
    { name: b.name, medianMs: median(sb), runs },
  ];
}

export function ratio(name: string, num: BenchResult, den: BenchResult, limit?: number): Ratio {
  return { name, value: num.medianMs / den.medianMs, ...(limit !== undefined ? { limit } : {}) };
}
