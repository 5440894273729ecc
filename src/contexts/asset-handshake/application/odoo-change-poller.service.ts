import { Injectable, Logger } from '@nestjs/common';
import { OdooCommercePort, type ChangeCursor, type ChangedIds } from '../integration/odoo-commerce.port';
import { CursorRepository } from '../persistence/cursor.repository';
import { odooChanges } from './asset-handshake.metrics';
import { OrderReconciler } from './order-reconciler.service';

const PAGE = 200;
const MAX_PAGES = 10;
/** A first poll looks back this far (later polls continue from the persisted cursor). */
const FIRST_LOOKBACK_MS = 24 * 3600_000;

/** Odoo `write_date` strings are naive UTC `YYYY-MM-DD HH:MM:SS`. */
export function odooDateTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The fallback of the automation-rule webhooks: reads what changed since the persisted cursor
 * (orders, their invoices, their deliveries), reconciles those orders, then moves the cursor.
 * Each poll re-scans the cursor's own second (write_date has second precision: a record written
 * in that second after the last poll would otherwise be skipped); reconciling again is a no-op.
 */
@Injectable()
export class OdooChangePoller {
  private readonly logger = new Logger(OdooChangePoller.name);

  constructor(private readonly odoo: OdooCommercePort, private readonly cursors: CursorRepository, private readonly reconciler: OrderReconciler) {}

  async poll(now = new Date()): Promise<{ orders: number }> {
    const sources: Array<[string, (c: ChangeCursor | null, limit: number) => Promise<ChangedIds>]> = [
      ['sale.order', (c, l) => this.odoo.changedOrders(c, l)],
      ['account.move', (c, l) => this.odoo.ordersWithChangedInvoices(c, l)],
      ['stock.picking', (c, l) => this.odoo.ordersWithChangedPickings(c, l)],
    ];
    let orders = 0;
    for (const [name, read] of sources) {
      const saved = await this.cursors.get(`poll:${name}`);
      let cursor: ChangeCursor = saved ? { writeDate: saved.writeDate, lastId: 0 } : { writeDate: odooDateTime(new Date(now.getTime() - FIRST_LOOKBACK_MS)), lastId: 0 };
      for (let page = 0; page < MAX_PAGES; page++) {
        const changed = await read(cursor, PAGE);
        if (changed.ids.length) {
          await this.reconciler.reconcile(changed.ids);
          odooChanges.inc({ source: 'poll' }, changed.ids.length);
          orders += changed.ids.length;
        }
        if (!changed.next) break;
        cursor = changed.next;
        await this.cursors.set(`poll:${name}`, cursor);
        if (!changed.more) break;
      }
    }
    if (orders) this.logger.log({ orders }, 'Odoo poll found changed orders');
    return { orders };
  }
}
