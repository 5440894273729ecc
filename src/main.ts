import { ConfigValidationError, loadAppConfig } from './infrastructure/config';

/**
 * Process entry. The configuration is validated before the application's modules are loaded
 * (module metadata reads it: workerOnly), so a bad variable stops the process with one line
 * per variable and exit code 78 instead of a stack trace.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      for (const line of err.problems) process.stderr.write(`${line}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // Loaded only now, after validation (see above).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp, listen, startOpsServer } = require('./bootstrap') as typeof import('./bootstrap');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Logger } = require('@nestjs/common') as typeof import('@nestjs/common');
  const app = await createApp();
  const port = config.runsHttp ? await listen(app) : undefined;
  const opsPort = !config.runsHttp && config.app.opsPort !== undefined ? await startOpsServer(app, config.app.opsPort) : undefined;
  new Logger('Main').log({ role: config.app.role, port, opsPort }, 'odoo hub started');
}

main().catch((err) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
