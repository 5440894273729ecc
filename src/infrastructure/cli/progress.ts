import { SingleBar } from 'cli-progress';

export interface Progress {
  /** Adds `n` (default 1) to the done count. */
  increment(n?: number): void;
  /** Sets the total once it is known (a stream whose length was unknown at start). */
  setTotal(total: number): void;
  /** Final render and line break; call it in a `finally`. */
  stop(): void;
}

export interface ProgressOptions {
  /** Defaults to stderr, so stdout stays clean for a command's result. */
  stream?: NodeJS.WritableStream;
  /** How often a non-TTY stream (CI logs) gets a progress line, in ms. */
  nonTtyEveryMs?: number;
}

/**
 * The progress bar every long CLI command shows (cli-progress): an animated bar on a terminal,
 * a line every few seconds when output is piped to a log.
 */
export function startProgress(title: string, total: number, opts: ProgressOptions = {}): Progress {
  const bar = new SingleBar({
    format: `${title} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, ETA {eta_formatted}`,
    stream: opts.stream ?? process.stderr,
    noTTYOutput: true,
    notTTYSchedule: opts.nonTtyEveryMs ?? 2000,
    hideCursor: true,
    etaBuffer: 50,
    barsize: 30,
  });
  bar.start(total, 0);
  return {
    increment: (n = 1) => bar.increment(n),
    setTotal: (t) => bar.setTotal(t),
    stop: () => bar.stop(),
  };
}

/** Runs `fn` over `items` one at a time with a progress bar; returns how many succeeded and failed. */
export async function forEachWithProgress<T>(
  title: string,
  items: readonly T[],
  fn: (item: T, index: number) => Promise<void>,
  opts: ProgressOptions = {},
): Promise<{ ok: number; failed: Array<{ item: T; error: Error }> }> {
  const progress = startProgress(title, items.length, opts);
  const failed: Array<{ item: T; error: Error }> = [];
  try {
    for (const [i, item] of items.entries()) {
      try {
        await fn(item, i);
      } catch (err) {
        failed.push({ item, error: err instanceof Error ? err : new Error(String(err)) });
      }
      progress.increment();
    }
  } finally {
    progress.stop();
  }
  return { ok: items.length - failed.length, failed };
}
