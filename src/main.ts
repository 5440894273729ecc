import { Logger } from '@nestjs/common';
import { createApp, listen } from './bootstrap';
import { ConfigValidationError, loadAppConfig } from './infrastructure/config';

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
  const app = await createApp();
  if (config.runsHttp) await listen(app);
  new Logger('Main').log({ role: config.app.role, port: config.runsHttp ? config.app.port : undefined }, 'odoo hub started');
}

main().catch((err) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
