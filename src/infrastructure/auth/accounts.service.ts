import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../config';
import { Conflict, Unauthenticated } from '../errors';
import { Account, type AccountRole } from './account.entity';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password-hasher';
import type { AccountPrincipal } from './principal';

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);
  constructor(
    @InjectRepository(Account) private readonly repo: Repository<Account>,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  /** Seeds the configured administrator (ADMIN_EMAIL / ADMIN_PASSWORD) if it does not exist. */
  async onApplicationBootstrap(): Promise<void> {
    const { adminEmail, adminPassword } = this.config.auth;
    if (!adminEmail || !adminPassword) return;
    await this.ensureAccount(adminEmail, adminPassword, 'admin');
  }

  async register(email: string, password: string, role: AccountRole = 'customer'): Promise<Account> {
    const normalized = email.trim().toLowerCase();
    const passwordHash = await hashPassword(password);
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .values({ email: normalized, passwordHash, role })
      .orIgnore()
      .returning('*')
      .execute();
    if (!inserted.raw.length) throw new Conflict('An account with this email already exists', 'AUTH.EMAIL_TAKEN');
    return this.repo.create(inserted.raw[0] as Account);
  }

  async ensureAccount(email: string, password: string, role: AccountRole): Promise<Account> {
    const existing = await this.repo.findOneBy({ email: email.trim().toLowerCase() });
    if (existing) return existing;
    try {
      const account = await this.register(email, password, role);
      this.logger.log({ accountId: account.id, role }, 'account seeded');
      return account;
    } catch (err) {
      if (err instanceof Conflict) return (await this.repo.findOneBy({ email: email.trim().toLowerCase() }))!;
      throw err;
    }
  }

  /** Same answer and similar timing for an unknown email and a wrong password. */
  async login(email: string, password: string): Promise<{ accessToken: string; account: Account }> {
    const account = await this.repo.findOneBy({ email: email.trim().toLowerCase() });
    const ok = account ? await verifyPassword(password, account.passwordHash) : (await verifyPassword(password, await DUMMY_HASH_PROMISE), false);
    if (!account || !ok) throw new Unauthenticated('Invalid email or password', 'AUTH.INVALID_CREDENTIALS');
    await this.repo.update(account.id, { lastLoginAt: new Date() });
    return { accessToken: await this.issueToken(account), account };
  }

  async issueToken(account: Pick<Account, 'id' | 'email' | 'role'>): Promise<string> {
    return this.jwt.signAsync({ sub: account.id, email: account.email, role: account.role });
  }

  async findById(id: string): Promise<Account | null> {
    return this.repo.findOneBy({ id });
  }

  toPrincipal(account: Pick<Account, 'id' | 'email' | 'role'>): AccountPrincipal {
    return { kind: 'account', id: account.id, email: account.email, role: account.role };
  }
}
