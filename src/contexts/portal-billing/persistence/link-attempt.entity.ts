import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One try at POST /link-customer; failures in a window rate-limit the account and the client IP. */
@Entity('portal_link_attempt')
export class LinkAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column('uuid') accountId: string;
  @Column('varchar', { length: 64, nullable: true }) ip: string | null;
  @Column('varchar', { length: 20 }) outcome: 'pending' | 'succeeded' | 'failed' | 'aborted';
  @Column('varchar', { length: 40, nullable: true }) reason: string | null;
  @Column('timestamptz', { default: () => 'now()' }) createdAt: Date;
}
