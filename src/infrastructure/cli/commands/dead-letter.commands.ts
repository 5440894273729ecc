import { isUUID } from 'class-validator';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ValidationFailed } from '../../errors';
import type { DeadLetterJob, DeadLetterStatus } from '../../queues/dead-letter-job.entity';
import { DeadLetterService } from '../../queues/dead-letter.service';
import { printJson, printLine, printTable } from '../output';
import { startProgress } from '../progress';

const view = (d: DeadLetterJob) => ({
  id: d.id, queue: d.queue, job: d.jobName, status: d.status, attempts: d.attempts, failedAt: d.failedAt, error: d.error,
});
const positiveInt = (name: string, v: string, max: number): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ValidationFailed(`--${name} must be an integer from 1 to ${max}`, { [name]: ['invalid'] });
  return n;
};

interface ListOptions { queue?: string; job?: string; status?: DeadLetterStatus; limit?: number; json?: boolean }

@Command({ name: 'dead-letter:list', description: 'List dead letters (newest first)' })
export class DeadLetterListCommand extends CommandRunner {
  constructor(private readonly deadLetters: DeadLetterService) {
    super();
  }

  async run(_args: string[], o: ListOptions): Promise<void> {
    const [rows, total] = await this.deadLetters.list({ queue: o.queue, jobName: o.job, status: o.status ?? 'dead', limit: o.limit ?? 50, offset: 0 });
    if (o.json) return printJson({ total, items: rows });
    printTable(rows.map(view));
    printLine(`${rows.length} of ${total} shown`);
  }

  @Option({ flags: '-q, --queue <queue>', description: 'Only this queue' })
  parseQueue(v: string): string { return v; }
  @Option({ flags: '-j, --job <name>', description: 'Only this job name' })
  parseJob(v: string): string { return v; }
  @Option({ flags: '--status <status>', description: 'dead (default), replayed or discarded', choices: ['dead', 'replayed', 'discarded'] })
  parseStatus(v: string): string { return v; }
  @Option({ flags: '-l, --limit <n>', description: 'At most this many rows (default 50)' })
  parseLimit(v: string): number { return positiveInt('limit', v, 1000); }
  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean { return true; }
}

interface ReplayOptions { all?: boolean; queue?: string; job?: string; limit?: number }

@Command({
  name: 'dead-letter:replay',
  arguments: '[id]',
  description: 'Replay one dead letter by id, or with --all every dead one matching --queue/--job (oldest first)',
})
export class DeadLetterReplayCommand extends CommandRunner {
  constructor(private readonly deadLetters: DeadLetterService) {
    super();
  }

  async run([id]: string[], o: ReplayOptions): Promise<void> {
    if (id && o.all) throw new ValidationFailed('Give either an id or --all, not both', { id: ['conflicts with --all'] });
    if (id) {
      if (!isUUID(id)) throw new ValidationFailed('id must be a UUID (see dead-letter:list)', { id: ['must be a UUID'] });
      const row = await this.deadLetters.replay(id);
      return printLine(`replayed ${row.id} as job ${row.replayJobId} on ${row.queue}`);
    }
    if (!o.all) throw new ValidationFailed('Give a dead letter id, or --all (with --queue/--job to narrow it)', { id: ['required without --all'] });
    let progress: ReturnType<typeof startProgress> | undefined;
    try {
      const result = await this.deadLetters.replayMatching({ queue: o.queue, jobName: o.job }, o.limit ?? 10_000, (done, total) => {
        progress ??= startProgress('replaying', total);
        progress.increment();
        if (done === total) progress.stop();
      });
      progress?.stop();
      printLine(`matched ${result.matched}, replayed ${result.replayed.length}, failed ${result.failed.length}`);
      for (const f of result.failed) printLine(`  ${f.id}: ${f.error}`);
      if (result.failed.length) process.exitCode = 1;
    } finally {
      progress?.stop();
    }
  }

  @Option({ flags: '-a, --all', description: 'Replay every dead letter matching the filters' })
  parseAll(): boolean { return true; }
  @Option({ flags: '-q, --queue <queue>', description: 'With --all: only this queue' })
  parseQueue(v: string): string { return v; }
  @Option({ flags: '-j, --job <name>', description: 'With --all: only this job name' })
  parseJob(v: string): string { return v; }
  @Option({ flags: '-l, --limit <n>', description: 'With --all: at most this many (default 10000)' })
  parseLimit(v: string): number { return positiveInt('limit', v, 100_000); }
}

@Command({ name: 'dead-letter:discard', arguments: '<id>', description: 'Mark a dead letter as handled without replaying it' })
export class DeadLetterDiscardCommand extends CommandRunner {
  constructor(private readonly deadLetters: DeadLetterService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    if (!isUUID(id)) throw new ValidationFailed('id must be a UUID (see dead-letter:list)', { id: ['must be a UUID'] });
    const row = await this.deadLetters.discard(id);
    printLine(`discarded ${row.id}`);
  }
}
