import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A partner's or device's key. Only a SHA-256 of the secret is stored; the prefix finds the row. */
@Entity('auth_api_key')
@Index('ux_auth_api_key_prefix', ['prefix'], { unique: true })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 120 }) name: string;
  @Column('varchar', { length: 16 }) prefix: string;
  @Column('varchar', { length: 64 }) secretHash: string;
  @Column('text', { array: true }) scopes: string[];
  @Column('varchar', { length: 20, default: 'partner' }) ownerType: 'partner' | 'device' | 'operator';
  @Column('varchar', { length: 120, nullable: true }) ownerRef: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
}
