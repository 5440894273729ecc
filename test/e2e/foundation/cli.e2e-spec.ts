import Queue from 'bull';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INBOX_QUEUE, InboxJob } from '../../../src/infrastructure/inbox';
import { createTestApp, type TestApp } from '../../support/app';
import { FoundationTestModule } from '../../support/foundation-test.module';
import { runCli } from '../../support/spawn';
import { baseTestEnv } from '../../support/test-env';
import { waitFor } from '../../support/wait';

/** The operator CLI run as a separate process (`src/cli.ts`), against the test database. */
describe('operator CLI', () => {
  let t: TestApp;
  let queue: Queue.Queue;
  // Its own queue namespace: whatever the CLI enqueues stays visible, since nothing consumes there.
  const prefix = `t_cli_${randomUUID().slice(0, 8)}`;
  const cli = (...args: string[]) => runCli(args, { QUEUE_PREFIX: prefix });

  beforeAll(async () => {
    t = await createTestApp({}, { imports: [FoundationTestModule] });
    queue = new Queue(INBOX_QUEUE, baseTestEnv().REDIS_URL, { prefix });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await t.close();
  });

  it('migrate --status lists every migration file as applied', async () => {
    const files = readdirSync(join(__dirname, '..', '..', '..', 'migrations')).filter((f) => f.endsWith('.ts'));
    const { code, stdout } = await cli('migrate', '--status');
    expect(code).toBe(0);
    for (const f of files) {
      const ts = /^(\d{13})-(\w+)\.ts$/.exec(f)!;
      expect(stdout).toMatch(new RegExp(`^${ts[2]}${ts[1]}\\s+applied$`, 'm'));
    }
    expect(stdout).not.toMatch(/pending/);
  });

  it('api-key:create prints a working key once; api-key:revoke disables it within the cache window', async () => {
    const created = await cli('api-key:create', '--name', 'cli-pos-1', '--scopes', 'test:read,loyalty:read', '--json');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; scopes: string };
    expect(key.scopes).toBe('test:read,loyalty:read');
    expect(created.stderr).toMatch(/cannot be shown again/);
    await t.http.get('/test/scoped').set('X-API-Key', key.key).expect(200);

    const revoked = await cli('api-key:revoke', key.id);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked ${key.id} \\(cli-pos-1\\)`));
    await waitFor('revocation seen by the API', async () => (await t.http.get('/test/scoped').set('X-API-Key', key.key)).status === 401, 10_000, 500);
  });

  it('api-key:create refuses bad input, naming each field, with exit code 1', async () => {
    const { code, stderr, stdout } = await cli('api-key:create', '--name', 'x', '--scopes', 'Not A Scope');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Invalid command input$/m);
    expect(stderr).toMatch(/^ {2}name: /m);
    expect(stderr).toMatch(/^ {2}scopes: /m);
    expect(stdout).toBe('');
  });

  it('dead-letter:replay re-enqueues one dead letter by id, or all matching ones with a progress summary', async () => {
    const ds = t.get(DataSource);
    const jobName = `cli-test.${randomUUID().slice(0, 8)}`;
    const insert = async () => (await ds.query(
      `INSERT INTO dead_letter_job (queue, job_name, job_id, payload, error, attempts) VALUES ($1, $2, $3, $4, 'boom', 5) RETURNING id, job_id`,
      [INBOX_QUEUE, jobName, `dl-${randomUUID()}`, { inboxId: randomUUID(), meta: { idempotencyKey: 'x' } }],
    ))[0] as { id: string; job_id: string };
    const [one, two, three] = [await insert(), await insert(), await insert()];

    const single = await cli('dead-letter:replay', one.id);
    expect(single.code).toBe(0);
    expect(single.stdout).toContain(`replayed ${one.id} as job ${one.job_id}:replay:1 on inbox`);

    const all = await cli('dead-letter:replay', '--all', '--queue', INBOX_QUEUE, '--job', jobName);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^matched 2, replayed 2, failed 0$/m);
    expect(all.stderr).toMatch(/replaying \[.*\] 100% \| 2\/2/);

    for (const row of [one, two, three]) {
      const job = await queue.getJob(`${row.job_id}:replay:1`);
      expect(job?.name).toBe(jobName);
      expect(await job?.getState()).toBe('waiting'); // the CLI itself consumes nothing
    }
    const statuses = await ds.query(`SELECT DISTINCT status FROM dead_letter_job WHERE job_name = $1`, [jobName]);
    expect(statuses).toEqual([{ status: 'replayed' }]);

    const bad = await cli('dead-letter:replay', 'not-a-uuid');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: id must be a UUID/m);
  });

  it('jobs:run enqueues a scheduled job for the workers and returns; an unknown job lists the known ones', async () => {
    const run = await cli('jobs:run', InboxJob.Sweep);
    expect(run.code).toBe(0);
    const jobId = /as (manual:\S+)$/m.exec(run.stdout)?.[1];
    expect(jobId).toBeDefined();
    const job = await queue.getJob(jobId!);
    expect(job?.name).toBe(InboxJob.Sweep);
    expect(await job?.getState()).toBe('waiting');
    expect(await queue.getRepeatableJobs()).toEqual([]); // the CLI registers no cron either

    const unknown = await cli('jobs:run', 'nope.nothing');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: No scheduled job named nope\.nothing$/m);
    expect(unknown.stderr).toContain(InboxJob.Sweep);
  });
});
