import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFigure, Benchmark } from './bench-types';

/**
 * Runs every bench/*.bench.ts (or those whose name contains an argument) one after another
 * and prints one table. Figures from one run only: the machine is shared and noisy, so compare
 * ratios measured in the same run, not absolute numbers across runs.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
    .sort();
  const figures: BenchFigure[] = [];
  let failed = false;
  for (const file of files) {
    process.stderr.write(`\n▶ ${file}\n`);
    const started = Date.now();
    try {
      const mod = (await import(join(__dirname, file))) as { default: Benchmark };
      figures.push(...(await mod.default()));
    } catch (err) {
      failed = true;
      process.stderr.write(`✗ ${file} failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
    process.stderr.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  printTable(figures);
  if (failed) process.exitCode = 1;
}

function printTable(rows: BenchFigure[]): void {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
  const table = rows.map((r) => [r.bench, r.metric, `${fmt(r.value)} ${r.unit}`, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL']);
  const header = ['bench', 'metric', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);
}

void main();
