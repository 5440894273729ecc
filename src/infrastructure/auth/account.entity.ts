import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AccountRole = 'customer' | 'admin';

/** A person who logs in: a portal customer or a hub administrator. Email stored lower-cased. */
@Entity('auth_account')
@Index('ux_auth_account_email', ['email'], { unique: true })
export class Account {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('varchar', { length: 254 }) email: string;
  @Column('varchar', { length: 200 }) passwordHash: string;
  @Column('varchar', { length: 20, default: 'customer' }) role: AccountRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
}
