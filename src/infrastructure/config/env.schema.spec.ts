import { AppConfig } from './app-config';
import { ConfigValidationError, validateEnvironment } from './env.schema';

describe('environment validation', () => {
  it('applies defaults pointing at the local services', () => {
    const config = AppConfig.fromEnv({});
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/odoo_hub');
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.odoo.protocol).toBe('auto');
    expect(config.app.role).toBe('all');
    expect(config.runsHttp && config.runsWorkers).toBe(true);
  });

  it('converts numbers and booleans from strings', () => {
    const config = AppConfig.fromEnv({ PORT: '8080', DEMO_MODE: 'true', ODOO_MAX_CONCURRENCY: '4', APP_ROLE: 'worker' });
    expect(config.app.port).toBe(8080);
    expect(config.app.demo).toBe(true);
    expect(config.odoo.maxConcurrency).toBe(4);
    expect(config.runsHttp).toBe(false);
  });

  it('reports one line per bad variable, naming it', () => {
    let error: ConfigValidationError | undefined;
    try {
      validateEnvironment({ PORT: 'eighty', ODOO_PROTOCOL: 'soap', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigValidationError;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const names = error!.problems.map((line) => /^config: (\w+) is invalid/.exec(line)?.[1]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'ODOO_PROTOCOL', 'PORT']);
  });

  it('never echoes a secret value in its error', () => {
    try {
      validateEnvironment({ JWT_SECRET: 'tooshort-secret' });
      fail('expected a validation error');
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('tooshort-secret');
    }
  });

  it('knows which roles run HTTP and workers; the CLI runs neither', () => {
    const roles = (['all', 'api', 'worker'] as const).map((r) => AppConfig.fromEnv({ APP_ROLE: r }));
    expect(roles.map((c) => [c.runsHttp, c.runsWorkers])).toEqual([[true, true], [true, false], [false, true]]);
    const cli = AppConfig.fromEnv({ APP_ROLE: 'worker' }, { role: 'cli' });
    expect([cli.runsHttp, cli.runsWorkers, cli.isCli, cli.app.role]).toEqual([false, false, true, 'cli']);
  });

  it('validates the ops port and the metrics token', () => {
    expect(AppConfig.fromEnv({ OPS_PORT: '9464' }).app.opsPort).toBe(9464);
    expect(AppConfig.fromEnv({}).app.opsPort).toBeUndefined();
    expect(() => validateEnvironment({ OPS_PORT: 'nine' })).toThrow(/OPS_PORT is invalid/);
    expect(() => validateEnvironment({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN is invalid/);
    expect(AppConfig.fromEnv({ METRICS_TOKEN: 'a-long-enough-token' }).redacted().METRICS_TOKEN).toBe('***');
  });

  it('redacts secrets when printed', () => {
    const config = AppConfig.fromEnv({ ODOO_API_KEY: 'abc123', CARTONA_API_TOKEN: 'tok' });
    const printed = JSON.stringify(config.redacted());
    expect(printed).not.toContain('abc123');
    expect(printed).not.toContain('"tok"');
    expect(config.redacted().ODOO_API_KEY).toBe('***');
  });
});
