import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource, type EntityManager } from 'typeorm';
import { enqueueJob } from '../../../infrastructure/queues';
import { OutboundWebhooksService, type OutboundEvent } from '../../../infrastructure/webhooks';
import { LOYALTY_QUEUE, LoyaltyJob } from '../jobs/loyalty.jobs';
import type { LoyaltyEvent, LoyaltyEventData, LoyaltyEventName } from '../loyalty.events';

export interface PendingEvent {
  type: LoyaltyEventName;
  data: LoyaltyEventData;
  memberId?: string | null;
  cardId?: string | null;
  orderId?: string | null;
}

const BATCH = 500;
const MAX_ATTEMPTS = 10;
const POKE_DEBOUNCE_MS = 25;

/**
 * The Loyalty outbox. `record` writes events in the caller's transaction; `poke` (after commit)
 * asks a worker to dispatch soon; `dispatchPending` (worker) emits each event in-process on
 * EventEmitter2, fans it out to partner webhooks and marks it dispatched. A listener that throws
 * leaves the event for the next round (at-least-once, up to MAX_ATTEMPTS).
 */
@Injectable()
export class LoyaltyEventsService implements OnModuleDestroy {
  private readonly logger = new Logger(LoyaltyEventsService.name);
  private pokeTimer?: NodeJS.Timeout;
  private pokes = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly webhooks: OutboundWebhooksService,
    @InjectQueue(LOYALTY_QUEUE) private readonly queue: Queue,
  ) {}

  async record(em: EntityManager, events: readonly PendingEvent[]): Promise<void> {
    if (!events.length) return;
    await em.query(
      `INSERT INTO loyalty_event (type, member_id, card_id, order_id, payload)
       SELECT type, member_id, card_id, order_id, payload
       FROM jsonb_to_recordset($1::jsonb) AS e(type text, member_id uuid, card_id uuid, order_id uuid, payload jsonb)`,
      [JSON.stringify(events.map((e) => ({ type: e.type, member_id: e.memberId ?? null, card_id: e.cardId ?? null, order_id: e.orderId ?? null, payload: e.data })))],
    );
  }

  /** Call after a transaction that recorded events has committed. Debounced: one job per burst. */
  poke(): void {
    if (this.pokeTimer) return;
    this.pokeTimer = setTimeout(() => {
      this.pokeTimer = undefined;
      enqueueJob(this.queue, LoyaltyJob.DispatchEvents, {}, {
        idempotencyKey: `${LoyaltyJob.DispatchEvents}:${Date.now()}:${++this.pokes}`, attempts: 1, removeOnComplete: true, removeOnFail: 100,
      }).catch((err) => this.logger.warn({ err: String(err) }, 'event dispatch trigger failed; the periodic dispatch will pick the events up'));
    }, POKE_DEBOUNCE_MS);
  }

  onModuleDestroy(): void {
    if (this.pokeTimer) clearTimeout(this.pokeTimer);
  }

  async dispatchPending(): Promise<{ dispatched: number; failed: number }> {
    let dispatched = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.ds.transaction(async (em) => {
        const rows: Array<{ id: string; type: LoyaltyEventName; occurredAt: Date; payload: LoyaltyEventData; attempts: number }> = await em.query(
          `SELECT id, type, occurred_at AS "occurredAt", payload, attempts FROM loyalty_event
           WHERE dispatched_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        if (!rows.length) return 0;
        const envelopes: LoyaltyEvent[] = rows.map((r) => ({ id: r.id, type: r.type, occurredAt: r.occurredAt.toISOString(), data: r.payload }));
        const ok: string[] = [];
        const bad: Array<{ id: string; error: string; giveUp: boolean }> = [];
        for (const [i, ev] of envelopes.entries()) {
          try {
            await this.emitter.emitAsync(ev.type, ev);
            ok.push(ev.id);
          } catch (err) {
            const giveUp = rows[i].attempts + 1 >= MAX_ATTEMPTS;
            bad.push({ id: ev.id, error: String((err as Error)?.message ?? err).slice(0, 2000), giveUp });
            this.logger.warn({ eventId: ev.id, type: ev.type, err: String(err), giveUp }, 'loyalty event listener failed');
          }
        }
        // Webhook fan-out is idempotent per (subscription, event): a re-dispatch never duplicates a delivery.
        await this.webhooks.publish(envelopes as unknown as OutboundEvent[]);
        const done = [...ok, ...bad.filter((b) => b.giveUp).map((b) => b.id)];
        if (done.length) await em.query(`UPDATE loyalty_event SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [done]);
        for (const b of bad.filter((x) => !x.giveUp)) {
          await em.query(`UPDATE loyalty_event SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [b.id, b.error]);
        }
        dispatched += ok.length;
        failed += bad.length;
        return rows.length;
      });
      if (batch < BATCH || failed > 0) break;
    }
    return { dispatched, failed };
  }
}
