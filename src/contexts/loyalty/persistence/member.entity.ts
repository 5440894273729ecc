import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A customer in the loyalty scheme, known by Odoo partner id and/or an external reference. */
@Entity('loyalty_member')
export class LoyaltyMember {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('int', { nullable: true }) odooPartnerId: number | null;
  @Column('varchar', { length: 120, nullable: true }) externalRef: string | null;
  @Column('varchar', { length: 200, nullable: true }) name: string | null;
  @Column('varchar', { length: 254, nullable: true }) email: string | null;
  @Column('varchar', { length: 40, nullable: true }) phone: string | null;
  @Column('varchar', { length: 20 }) referralCode: string;
  @Column('varchar', { length: 12 }) status: 'active' | 'blocked';
  @Column('timestamptz') enrolledAt: Date;
  @Column('timestamptz', { nullable: true }) firstOrderAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastOrderAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** One card per member per program; `balance` is the ledger's sum, kept in the same transaction. */
@Entity('loyalty_card')
export class LoyaltyCard {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') programId: string;
  @Column('uuid') memberId: string;
  @Column('varchar', { length: 32 }) code: string;
  @Column('int') balance: number;
  @Column('bigint') lifetimeEarned: string;
  @Column('bigint') lifetimeRedeemed: string;
  @Column('bigint') lifetimeExpired: string;
  @Column('varchar', { length: 12 }) status: 'active' | 'blocked';
  @Column('bigint') balanceVersion: string;
  @Column('int', { nullable: true }) odooCardId: number | null;
  @Column('bigint') odooSyncedVersion: string;
  @Column('timestamptz', { nullable: true }) odooSyncedAt: Date | null;
  @Column('text', { nullable: true }) odooSyncError: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
