import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { InternalIdSuffixPolicy } from '../domain/internal-product-id';

export type MatchingStrategy = 'internal_product_id' | 'supplier_product_id';

/** One Cartona supplier account, bound to one Odoo warehouse, with its own token and sync settings. */
@Entity('cartona_account')
export class CartonaAccount {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('boolean', { default: false }) isDefault: boolean;
  @Column('boolean', { default: true }) enabled: boolean;
  @Column('varchar', { length: 500 }) apiBaseUrl: string;
  /** Secret: never returned by the API, never logged. */
  @Column('text') apiToken: string;
  @Column('varchar', { length: 40, nullable: true }) supplierCode: string | null;
  @Column('int', { nullable: true }) odooWarehouseId: number | null;
  @Column('int', { nullable: true }) odooCompanyId: number | null;
  @Column('int', { nullable: true }) odooPricelistId: number | null;
  @Column('varchar', { length: 30, default: 'internal_product_id' }) matchingStrategy: MatchingStrategy;
  @Column('varchar', { length: 80, nullable: true }) odooProductField: string | null;
  @Column('varchar', { length: 10, default: 'strip' }) internalIdSuffixPolicy: InternalIdSuffixPolicy;
  @Column('varchar', { length: 10, default: 'string' }) priceFormat: 'string' | 'number';
  @Column('boolean', { default: true }) pushPrices: boolean;
  @Column('boolean', { default: true }) pushStock: boolean;
  @Column('boolean', { default: true }) importOrders: boolean;
  @Column('boolean', { default: true }) pushStatuses: boolean;
  @Column('int', { default: 100 }) batchSize: number;
  @Column('int', { default: 1000 }) flushDelayMs: number;
  @Column('varchar', { length: 10, default: 'readback' }) verifyMode: 'readback' | 'none';
  @Column('int', { default: 30000 }) timeoutMs: number;
  @Column('int', { default: 100 }) pullPerPage: number;
  @Column('int', { default: 20 }) pullMaxPages: number;
  @Column('varchar', { length: 60, default: 'supplier_asked_me_to_cancel' }) defaultCancellationReason: string;
  @Column('varchar', { length: 80, default: 'user_id' }) assignmentField: string;
  @Column('timestamptz', { nullable: true }) rateLimitedUntil: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
