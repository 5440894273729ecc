import { spawnHub } from '../../support/spawn';

/** The real entry points, started as an operator would, with one bad variable each. */
describe('configuration validated at start', () => {
  const start = async (entry: 'main' | 'cli', env: Record<string, string>) => {
    const p = spawnHub(entry, entry === 'cli' ? ['jobs:list'] : [], env);
    const code = await p.exited();
    return { code, stderr: p.stderr(), stdout: p.stdout() };
  };

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://root@localhost/hub'],
    ['APP_ROLE', 'everything'],
    ['JWT_SECRET', 'too-short'],
  ])('stops the hub with exit code 78 and one line naming %s', async (name, value) => {
    const { code, stderr, stdout } = await start('main', { [name]: value });
    expect(code).toBe(78);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^config: ${name} is invalid: `));
    expect(stderr).not.toMatch(/\bat \S+ \(/); // no stack trace
    if (name === 'JWT_SECRET') expect(stderr).not.toContain(value); // secrets are never echoed
    expect(stdout).toBe('');
  });

  it('names every bad variable, one line each', async () => {
    const { code, stderr } = await start('main', { PORT: '-1', ODOO_PROTOCOL: 'soap' });
    expect(code).toBe(78);
    expect(stderr.trim().split('\n').map((l) => /^config: (\w+) is invalid/.exec(l)?.[1]).sort()).toEqual(['ODOO_PROTOCOL', 'PORT']);
  });

  it('validates the CLI the same way', async () => {
    const { code, stderr } = await start('cli', { REDIS_URL: 'localhost:6379' });
    expect(code).toBe(78);
    expect(stderr.trim()).toMatch(/^config: REDIS_URL is invalid: REDIS_URL must be a redis:\/\/ URL$/);
  });
});
