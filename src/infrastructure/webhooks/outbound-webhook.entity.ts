import type { JsonObject } from '../database/json';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A partner endpoint registered by an admin, with the event types it wants and its signing secret. */
@Entity('outbound_webhook_subscription')
export class OutboundWebhookSubscription {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('text') url: string;
  /** Needed in clear to sign each delivery; never returned by the API after creation. */
  @Column('varchar', { length: 128 }) secret: string;
  @Column('text', { array: true }) eventTypes: string[];
  @Column('varchar', { length: 120, nullable: true }) ownerRef: string | null;
  @Column('boolean') active: boolean;
  @Column('text', { nullable: true }) disabledReason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'dead' | 'cancelled';

/** One event to one subscription; retried on its own schedule until delivered or dead. */
@Entity('outbound_webhook_delivery')
export class OutboundWebhookDelivery {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') subscriptionId: string;
  @Column('varchar', { length: 100 }) eventId: string;
  @Column('varchar', { length: 80 }) eventType: string;
  @Column('jsonb') payload: JsonObject;
  @Column('varchar', { length: 12 }) status: DeliveryStatus;
  @Column('int') attempts: number;
  @Column('timestamptz') nextAttemptAt: Date;
  @Column('timestamptz', { nullable: true }) lastAttemptAt: Date | null;
  @Column('int', { nullable: true }) lastStatusCode: number | null;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** The delivery log: every HTTP attempt with its status, duration and a short excerpt of the answer. */
@Entity('outbound_webhook_attempt')
export class OutboundWebhookAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') deliveryId: string;
  @Column('int') attempt: number;
  @Column('timestamptz') attemptedAt: Date;
  @Column('int', { nullable: true }) statusCode: number | null;
  @Column('int') durationMs: number;
  @Column('text', { nullable: true }) error: string | null;
  @Column('varchar', { length: 500, nullable: true }) responseExcerpt: string | null;
}
