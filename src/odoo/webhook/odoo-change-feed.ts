import { Injectable, Logger } from '@nestjs/common';

/** A hint that an Odoo record changed. Never trust its fields: re-read the record through a gateway. */
export interface OdooChange {
  model: string;
  id: number;
  /** Odoo's `_action` (`"<action name>(#<id>)"`), when sent. */
  action: string | null;
  /** The fields the automation rule chose to send (load=None: many2one = bare id). */
  fields: Record<string, unknown>;
  receivedAt: Date;
  source: 'webhook' | 'poll';
}

export type OdooChangeHandler = (change: OdooChange) => Promise<void> | void;

/**
 * Fan-out of Odoo change hints to the contexts. `subscribe(model, handler)` in a module's
 * onModuleInit; handlers run in the worker that processes the inbox row and must be
 * idempotent (a failure re-runs every handler of that hint). `'*'` receives every model.
 */
@Injectable()
export class OdooChangeFeed {
  private readonly logger = new Logger(OdooChangeFeed.name);
  private readonly handlers = new Map<string, Set<OdooChangeHandler>>();

  subscribe(model: string, handler: OdooChangeHandler): () => void {
    let set = this.handlers.get(model);
    if (!set) {
      set = new Set();
      this.handlers.set(model, set);
    }
    set.add(handler);
    return () => { set.delete(handler); };
  }

  /** Models someone listens to (for docs / the console). */
  models(): string[] {
    return [...this.handlers.keys()].sort();
  }

  /** Runs every handler of the model (and `*`); throws if any failed, after running all. */
  async publish(change: OdooChange): Promise<number> {
    const handlers = [...(this.handlers.get(change.model) ?? []), ...(this.handlers.get('*') ?? [])];
    const results = await Promise.allSettled(handlers.map(async (h) => h(change)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length) {
      this.logger.warn({ model: change.model, id: change.id, failed: failures.length }, 'Odoo change handlers failed');
      throw new AggregateError(failures.map((f) => f.reason), `${failures.length} of ${handlers.length} handlers failed for ${change.model}#${change.id}`);
    }
    return handlers.length;
  }
}
