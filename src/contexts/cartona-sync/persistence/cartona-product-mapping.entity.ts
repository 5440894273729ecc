import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from './numeric.transformer';

export type ProductSyncState = 'idle' | 'pending' | 'in_flight' | 'synced' | 'error';

/**
 * An Odoo variant linked to a Cartona product row, with what Cartona is known to hold
 * (`cartona*`, confirmed by read-back) and what is waiting to go (`pending*`, coalesced: a newer
 * change overwrites an older one that has not left yet).
 */
@Entity('cartona_product_mapping')
export class CartonaProductMapping {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') accountId: string;
  @Column('int') odooProductId: number;
  @Column('varchar', { length: 100, nullable: true }) supplierProductId: string | null;
  @Column('varchar', { length: 100, nullable: true }) internalProductId: string | null;
  @Column('varchar', { length: 20, default: 'manual' }) source: string;
  @Column('boolean', { default: false }) unlimitedStock: boolean;
  @Column('numeric', { precision: 14, scale: 4, nullable: true, transformer: numericTransformer }) cartonaPrice: number | null;
  @Column('int', { nullable: true }) cartonaStock: number | null;
  @Column('boolean', { nullable: true }) cartonaUnlimited: boolean | null;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('numeric', { precision: 14, scale: 4, nullable: true, transformer: numericTransformer }) pendingPrice: number | null;
  @Column('int', { nullable: true }) pendingStock: number | null;
  @Column('boolean', { nullable: true }) pendingUnlimited: boolean | null;
  @Column('timestamptz', { nullable: true }) pendingSince: Date | null;
  @Column('int', { default: 0 }) pendingVersion: number;
  @Column('uuid', { nullable: true }) claimId: string | null;
  @Column('timestamptz', { nullable: true }) claimedAt: Date | null;
  @Column('int', { nullable: true }) claimedVersion: number | null;
  /** What the last bulk push carried, until a read-back confirms or refutes it. */
  @Column('numeric', { precision: 14, scale: 4, nullable: true, transformer: numericTransformer }) sentPrice: number | null;
  @Column('int', { nullable: true }) sentStock: number | null;
  @Column('boolean', { nullable: true }) sentUnlimited: boolean | null;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @Column('int', { default: 0 }) attempts: number;
  @Column('timestamptz', { nullable: true }) nextAttemptAt: Date | null;
  @Column('varchar', { length: 12, default: 'idle' }) syncState: ProductSyncState;
  @Column('text', { nullable: true }) lastError: string | null;
  @Column('timestamptz', { nullable: true }) lastErrorAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastPushedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
