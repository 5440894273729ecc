import type { Provider } from '@nestjs/common';
import { loadAppConfig } from './app-config';

/**
 * Queue processors and MQTT consumers are registered only in roles that run workers,
 * so an `APP_ROLE=api` process never consumes jobs.
 */
export function workerOnly(...providers: Provider[]): Provider[] {
  return loadAppConfig().runsWorkers ? providers : [];
}

/**
 * CLI commands (nest-commander `@Command` classes) are registered only in the CLI process:
 * a context lists its commands with `...cliOnly(MySyncCommand)` in its module's providers.
 */
export function cliOnly(...providers: Provider[]): Provider[] {
  return loadAppConfig().isCli ? providers : [];
}
