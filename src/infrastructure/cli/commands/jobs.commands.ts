import { Command, CommandRunner, Option } from 'nest-commander';
import { ValidationFailed } from '../../errors';
import { ScheduledJobsService } from '../../queues/scheduled-jobs.service';
import { printJson, printLine, printTable } from '../output';

@Command({ name: 'jobs:list', description: 'Scheduled jobs with their schedule, next run and last run' })
export class JobsListCommand extends CommandRunner {
  constructor(private readonly jobs: ScheduledJobsService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const jobs = await this.jobs.list();
    if (o.json) return printJson(jobs);
    printTable(jobs.map((j) => ({
      queue: j.queue, name: j.name, schedule: j.cron ? `${j.cron}${j.tz ? ` ${j.tz}` : ''}` : `every ${j.everyMs} ms`, next: j.nextRunAt,
      lastRun: j.lastRun?.startedAt, outcome: j.lastRun?.outcome, ms: j.lastRun?.durationMs,
    })));
  }

  @Option({ flags: '--json', description: 'Print JSON' })
  parseJson(): boolean { return true; }
}

@Command({
  name: 'jobs:run',
  arguments: '<name>',
  description: 'Run a scheduled job now (a worker executes it, as on its cron tick); --wait follows it to the end',
})
export class JobsRunCommand extends CommandRunner {
  constructor(private readonly jobs: ScheduledJobsService) {
    super();
  }

  async run([name]: string[], o: { wait?: boolean; timeout?: number }): Promise<void> {
    const run = await this.jobs.runNow(name);
    printLine(`enqueued ${run.name} on ${run.queue} as ${run.jobId}`);
    if (!o.wait) return;
    const end = await this.jobs.waitFor(run.queue, run.jobId, (o.timeout ?? 600) * 1000);
    if (end.state === 'completed') return printLine(`completed${end.result !== undefined ? `: ${JSON.stringify(end.result)}` : ''}`);
    process.exitCode = 1;
    printLine(end.state === 'timeout' ? 'still not finished (is a worker running?)' : `failed: ${end.error ?? 'unknown error'}`);
  }

  @Option({ flags: '-w, --wait', description: 'Wait until a worker has run it' })
  parseWait(): boolean { return true; }
  @Option({ flags: '--timeout <seconds>', description: 'With --wait: give up after this long (default 600)' })
  parseTimeout(v: string): number {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ValidationFailed('--timeout must be a positive integer (seconds)', { timeout: ['invalid'] });
    return n;
  }
}
