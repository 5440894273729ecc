import { ConfigValidationError, loadAppConfig, runAsCli } from './infrastructure/config';

/**
 * Operator CLI: `npm run cli -- <command>` (after `npm run build`), `--help` lists the commands.
 * Runs the hub's modules in the `cli` role (see CliModule); results go to stdout, logs to stderr.
 */
async function main(): Promise<void> {
  runAsCli();
  try {
    loadAppConfig();
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      for (const line of err.problems) process.stderr.write(`${line}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // Loaded after validation: module metadata reads the configuration.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { CommandFactory } = require('nest-commander') as typeof import('nest-commander');
  const { Logger } = require('nestjs-pino') as typeof import('nestjs-pino');
  const { CliModule } = require('./cli.module') as typeof import('./cli.module');
  const { describeCliError } = require('./infrastructure/cli/cli-errors') as typeof import('./infrastructure/cli/cli-errors');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const app = await CommandFactory.createWithoutRunning(CliModule, {
    bufferLogs: true,
    cliName: 'hub',
    // Usage errors and --help: commander already printed what to say.
    errorHandler: (err) => process.exit((err as { exitCode?: number }).exitCode ?? 1),
    serviceErrorHandler: (err) => {
      process.stderr.write(`${describeCliError(err)}\n`);
      process.exitCode = 1;
    },
  });
  app.useLogger(app.get(Logger));
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
  // Anything still holding the event loop (a slow socket close) must not keep the shell waiting.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2000).unref();
}

main().catch((err) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
