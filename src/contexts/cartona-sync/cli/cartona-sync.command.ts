import { readFile } from 'node:fs/promises';
import { Command, CommandRunner, Option } from 'nest-commander';
import { printJson, printLine, printTable, startProgress } from '../../../infrastructure/cli';
import { ValidationFailed } from '../../../infrastructure/errors';
import { CartonaAccountsService } from '../application/cartona-accounts.service';
import { OrderPullService } from '../application/order-pull.service';
import { ProductChangeService } from '../application/product-change.service';
import { ProductMappingService } from '../application/product-mapping.service';
import { ProductPushService } from '../application/product-push.service';

interface SyncOptions {
  account?: string;
  resync?: boolean;
  importMapping?: string;
  linkField?: string | boolean;
  match?: boolean;
  apply?: boolean;
  report?: boolean;
  pull?: boolean;
  json?: boolean;
}

/**
 * `cartona:sync [--account=ID] --resync | --import-mapping=FILE.csv | --link-field[=FIELD] |
 * --match [--apply] | --report | --pull`: the operator's Cartona tools. A full resync records
 * every sellable product's current price and stock (with a progress bar); workers push them.
 */
@Command({
  name: 'cartona:sync',
  description: 'Cartona sync tools: full resync, mapping import/link/match/report, pull orders now (default account unless --account)',
})
export class CartonaSyncCommand extends CommandRunner {
  constructor(
    private readonly accounts: CartonaAccountsService,
    private readonly changes: ProductChangeService,
    private readonly push: ProductPushService,
    private readonly mappings: ProductMappingService,
    private readonly pull: OrderPullService,
  ) {
    super();
  }

  async run(_args: string[], o: SyncOptions): Promise<void> {
    const actions = [o.resync, o.importMapping, o.linkField, o.match, o.report, o.pull].filter((x) => x !== undefined && x !== false);
    if (actions.length !== 1) {
      throw new ValidationFailed('Give exactly one of --resync, --import-mapping=FILE, --link-field[=FIELD], --match, --report, --pull', { action: ['exactly one'] });
    }
    const account = await this.accounts.resolve(o.account);
    if (o.resync) {
      const total = await this.changes.countProducts(account.id);
      const progress = startProgress(`cartona:sync resync ${account.name}`, total);
      let last = 0;
      try {
        const r = await this.changes.fullResync(account.id, (done) => {
          progress.increment(done - last);
          last = done;
        });
        progress.stop();
        await this.push.schedule(account, 0);
        return this.out(o, { account: account.name, products: r.products }, `${r.products} products recorded for push to Cartona (workers send them)`);
      } finally {
        progress.stop();
      }
    }
    if (o.importMapping) {
      const csv = await readFile(o.importMapping, 'utf8').catch((err: Error) => {
        throw new ValidationFailed(`Cannot read ${o.importMapping}: ${err.message}`, { importMapping: ['unreadable'] });
      });
      const rows = this.mappings.parseCsv(csv);
      const progress = startProgress('cartona:sync import-mapping', rows.length);
      try {
        const r = await this.mappings.importRows(account.id, rows);
        progress.increment(rows.length);
        return this.out(o, r, `${r.imported} links imported`);
      } finally {
        progress.stop();
      }
    }
    if (o.linkField !== undefined) {
      const r = await this.mappings.linkFromOdooField(account.id, typeof o.linkField === 'string' ? o.linkField : undefined);
      return this.out(o, r, `${r.imported} links taken from the Odoo field ${r.field}`);
    }
    if (o.match) {
      const r = await this.mappings.matchByCode(account.id, { apply: o.apply === true });
      if (!o.json && r.ambiguous.length) printTable(r.ambiguous.map((a) => ({ ...a, odooProductIds: a.odooProductIds?.join(' ') })));
      return this.out(o, r, `${r.matched} products matched on barcode / internal reference${o.apply ? ' and linked' : ' (dry run; --apply to link)'}`);
    }
    if (o.report) {
      const r = await this.mappings.report(account.id);
      if (o.json) return printJson(r);
      printTable(r.conflicts.length ? r.conflicts.map((c) => ({ ...c, odooProductIds: c.odooProductIds?.join(' ') })) : [], ['reason', 'supplierProductId', 'internalProductId', 'odooProductIds']);
      printLine(`linked ${r.linked.length}, unlinked in Odoo ${r.unlinkedOdoo.length}, unlinked on Cartona ${r.unlinkedCartona.length}, conflicts ${r.conflicts.length}`);
      return;
    }
    const n = await this.pull.pull(account);
    this.out(o, { orders: n }, `${n} orders pulled and stored (workers import them)`);
  }

  private out(o: SyncOptions, value: object, text: string): void {
    if (o.json) printJson(value);
    else printLine(text);
  }

  @Option({ flags: '--account <id>', description: 'Cartona account id (default account otherwise)' })
  parseAccount(v: string): string { return v; }
  @Option({ flags: '--resync', description: 'Send every sellable product\'s current price and stock' })
  parseResync(): boolean { return true; }
  @Option({ flags: '--import-mapping <file>', description: 'Import links from a CSV file (odoo_product_id, supplier_product_id, internal_product_id, unlimited_stock)' })
  parseImport(v: string): string { return v; }
  @Option({ flags: '--link-field [field]', description: 'Link from an Odoo product field holding supplier_product_id (detected when omitted)' })
  parseLinkField(v?: string): string | boolean { return v ?? true; }
  @Option({ flags: '--match', description: 'Match Cartona products to Odoo variants on barcode / internal reference' })
  parseMatch(): boolean { return true; }
  @Option({ flags: '--apply', description: 'With --match: save the matches' })
  parseApply(): boolean { return true; }
  @Option({ flags: '--report', description: 'Linked, unlinked and conflicting products' })
  parseReport(): boolean { return true; }
  @Option({ flags: '--pull', description: 'Pull orders from Cartona now' })
  parsePull(): boolean { return true; }
  @Option({ flags: '--json', description: 'Print the result as JSON' })
  parseJson(): boolean { return true; }
}
