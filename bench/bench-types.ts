/** One figure a benchmark reports; the runner prints them all in one table. */
export interface BenchFigure {
  /** Benchmark family, e.g. "odoo-provider". */
  bench: string;
  /** What was measured, e.g. "calls/s through provider (json-rpc)". */
  metric: string;
  value: number;
  unit: string;
  /** Target the issue sets, as text (e.g. ">= 0.80 of raw", "< 5000 ms"). */
  target?: string;
  /** Whether the target was met in this run. */
  pass?: boolean;
}

/** Each `bench/*.bench.ts` default-exports one of these. */
export type Benchmark = () => Promise<BenchFigure[]>;
