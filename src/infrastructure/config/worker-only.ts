import type { Provider } from '@nestjs/common';
import { loadAppConfig } from './app-config';

/**
 * Queue processors and MQTT consumers are registered only in roles that run workers,
 * so an `APP_ROLE=api` process never consumes jobs.
 */
export function workerOnly(...providers: Provider[]): Provider[] {
  return loadAppConfig().runsWorkers ? providers : [];
}
