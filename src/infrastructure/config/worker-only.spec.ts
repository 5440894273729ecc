import { loadAppConfig, resetAppConfigCache, runAsCli } from './app-config';
import { cliOnly, workerOnly } from './worker-only';

class SomeProcessor {}
class SomeCommand {}

describe('role-dependent providers', () => {
  afterEach(() => resetAppConfigCache());

  it('registers processors in worker roles and commands only in the CLI', () => {
    resetAppConfigCache();
    process.env.APP_ROLE = 'all';
    expect(workerOnly(SomeProcessor)).toEqual([SomeProcessor]);
    expect(cliOnly(SomeCommand)).toEqual([]);

    runAsCli();
    expect(loadAppConfig().app.role).toBe('cli');
    expect(workerOnly(SomeProcessor)).toEqual([]);
    expect(cliOnly(SomeCommand)).toEqual([SomeCommand]);
    delete process.env.APP_ROLE;
  });
});
