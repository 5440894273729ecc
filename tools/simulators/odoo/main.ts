import { startOdooSimulator, SIM_USERS } from './index';

/** `npm run sim:odoo [-- --port 8069 --version 18 --no-seed]` */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const version = Number(opt('version') ?? process.env.ODOO_SIM_VERSION ?? 17) as 17 | 18 | 19;
  const port = Number(opt('port') ?? process.env.ODOO_SIM_PORT ?? 8069);
  const modules = opt('modules')?.split(',');
  const sim = await startOdooSimulator({ port, version, modules, seed: !args.includes('--no-seed'), host: opt('host') ?? '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url: sim.url, port: sim.port, version: sim.version, db: sim.db, user: SIM_USERS.hub })}\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
