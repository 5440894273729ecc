import { startCartonaSimulator } from './cartona-simulator';
import { makeOrder } from './fixtures';

/** `npm run sim:cartona`: a standalone simulator seeded with a few products and one order. */
async function main(): Promise<void> {
  const token = process.env.CARTONA_SIM_TOKEN ?? 'sim-token';
  const sim = await startCartonaSimulator({ port: Number(process.env.CARTONA_SIM_PORT ?? 0), tokens: [token] });
  sim.seedProducts(token, [1, 2, 3].map((i) => ({ internal_product_id: String(i), selling_price: 10 * i, available_stock_quantity: 5 })));
  sim.addOrder(token, makeOrder({ lines: [{ internal_product_id: '1', amount: 2, selling_price: 10 }] }));
  process.stdout.write(`Cartona simulator on ${sim.url} (AuthorizationToken: set CARTONA_SIM_TOKEN; default "sim-token")\n`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
