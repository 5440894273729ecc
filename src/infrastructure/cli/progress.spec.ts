import { PassThrough } from 'node:stream';
import { forEachWithProgress, startProgress } from './progress';

const capture = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
};

describe('CLI progress bar', () => {
  it('renders the title, the count against the total and a final line on a non-TTY stream', () => {
    const out = capture();
    const bar = startProgress('syncing products', 4, { stream: out.stream, nonTtyEveryMs: 60_000 });
    bar.increment();
    bar.increment(2);
    bar.setTotal(5);
    bar.increment(2);
    bar.stop();
    expect(out.text()).toMatch(/syncing products \[[^\]]+\] 100% \| 5\/5/);
  });

  it('runs every item, keeps going past failures and reports them', async () => {
    const out = capture();
    const seen: number[] = [];
    const result = await forEachWithProgress('replaying', [1, 2, 3], async (n) => {
      seen.push(n);
      if (n === 2) throw new Error('two failed');
    }, { stream: out.stream });
    expect(seen).toEqual([1, 2, 3]);
    expect(result.ok).toBe(2);
    expect(result.failed.map((f) => [f.item, f.error.message])).toEqual([[2, 'two failed']]);
    expect(out.text()).toMatch(/replaying .* 3\/3/);
  });
});
