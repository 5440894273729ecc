import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '../../../infrastructure/config';
import { Conflict, ValidationFailed } from '../../../infrastructure/errors';
import { CartonaAccountNotFound, NoCartonaAccount } from '../domain/cartona-sync.errors';
import { CartonaClientFactory, type CartonaClient, type CartonaConnection } from '../integration/cartona-api.port';
import type { OdooCatalogScope } from '../integration/odoo-catalog.port';
import { CartonaAccount } from '../persistence/cartona-account.entity';

export type AccountInput = Partial<Omit<CartonaAccount, 'id' | 'isDefault' | 'createdAt' | 'updatedAt' | 'rateLimitedUntil'>>;

/**
 * Cartona supplier accounts: one per Odoo warehouse, each with its own token and settings,
 * managed through the admin API. The environment's CARTONA_* variables define the default one,
 * re-applied at every start (the environment wins for that row).
 */
@Injectable()
export class CartonaAccountsService {
  private readonly logger = new Logger(CartonaAccountsService.name);

  constructor(
    @InjectRepository(CartonaAccount) private readonly repo: Repository<CartonaAccount>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly config: AppConfig,
    private readonly clients: CartonaClientFactory,
  ) {}

  /** Creates or refreshes the default account from the environment (when a token is configured). */
  async ensureDefaultFromEnv(): Promise<CartonaAccount | null> {
    const c = this.config.cartona;
    if (!c.apiToken) return null;
    try {
      await this.ds.query(
        `INSERT INTO cartona_account (name, is_default, api_base_url, api_token, supplier_code, odoo_warehouse_id, matching_strategy, batch_size, flush_delay_ms, timeout_ms)
         VALUES ('default', true, $1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (is_default) WHERE is_default DO UPDATE SET api_base_url = EXCLUDED.api_base_url, api_token = EXCLUDED.api_token,
           supplier_code = EXCLUDED.supplier_code, odoo_warehouse_id = EXCLUDED.odoo_warehouse_id, matching_strategy = EXCLUDED.matching_strategy,
           batch_size = EXCLUDED.batch_size, flush_delay_ms = EXCLUDED.flush_delay_ms, timeout_ms = EXCLUDED.timeout_ms, updated_at = now()`,
        [withSlash(c.apiUrl), c.apiToken, c.supplierCode ?? null, c.warehouseId ?? null, c.matchingStrategy, c.batchSize, c.flushDelayMs, c.timeoutMs],
      );
    } catch (err) {
      // e.g. an admin-created account already holds that warehouse: keep running, say why.
      this.logger.error({ err: String((err as Error).message) }, 'default Cartona account from the environment could not be saved');
      return null;
    }
    return this.repo.findOneBy({ isDefault: true });
  }

  list(): Promise<CartonaAccount[]> {
    return this.repo.find({ order: { isDefault: 'DESC', name: 'ASC' } });
  }

  enabled(): Promise<CartonaAccount[]> {
    return this.repo.find({ where: { enabled: true }, order: { isDefault: 'DESC', name: 'ASC' } });
  }

  async get(id: string): Promise<CartonaAccount> {
    const a = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.findOneBy({ id }) : null;
    if (!a) throw new CartonaAccountNotFound(id);
    return a;
  }

  /** The account an id names, or the default (then the only enabled one) when none is given. */
  async resolve(id?: string | null): Promise<CartonaAccount> {
    if (id) return this.get(id);
    const all = await this.enabled();
    const chosen = all.find((a) => a.isDefault) ?? (all.length === 1 ? all[0] : undefined);
    if (!chosen) throw new NoCartonaAccount();
    return chosen;
  }

  async create(raw: AccountInput & { name: string; apiToken: string }): Promise<CartonaAccount> {
    const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as AccountInput & { name: string; apiToken: string };
    const entity = this.repo.create({ apiBaseUrl: withSlash(input.apiBaseUrl ?? this.config.cartona.apiUrl), ...input });
    entity.apiBaseUrl = withSlash(entity.apiBaseUrl);
    try {
      return await this.repo.save(entity);
    } catch (err) {
      throw uniqueViolation(err) ?? err;
    }
  }

  async update(id: string, raw: AccountInput): Promise<CartonaAccount> {
    const input = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as AccountInput;
    const a = await this.get(id);
    if (a.isDefault && (input.apiToken !== undefined || input.apiBaseUrl !== undefined)) {
      throw new ValidationFailed('The default account takes its URL and token from the environment (CARTONA_API_URL, CARTONA_API_TOKEN)');
    }
    Object.assign(a, input);
    if (input.apiBaseUrl) a.apiBaseUrl = withSlash(input.apiBaseUrl);
    try {
      return await this.repo.save(a);
    } catch (err) {
      throw uniqueViolation(err) ?? err;
    }
  }

  async disable(id: string): Promise<CartonaAccount> {
    const a = await this.get(id);
    a.enabled = false;
    return this.repo.save(a);
  }

  async setRateLimited(accountId: string, until: Date): Promise<void> {
    await this.repo.update(accountId, { rateLimitedUntil: until });
  }

  connection(a: CartonaAccount): CartonaConnection {
    return { accountId: a.id, baseUrl: a.apiBaseUrl, token: a.apiToken, timeoutMs: a.timeoutMs, supplierCode: a.supplierCode };
  }

  client(a: CartonaAccount): CartonaClient {
    return this.clients.for(this.connection(a));
  }

  scope(a: CartonaAccount): OdooCatalogScope {
    return {
      warehouseId: a.odooWarehouseId, companyId: a.odooCompanyId, pricelistId: a.odooPricelistId,
      cartonaField: a.matchingStrategy === 'supplier_product_id' ? a.odooProductField : null,
    };
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function uniqueViolation(err: unknown): Conflict | null {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  if (code !== '23505') return null;
  const what = constraint === 'ux_cartona_account_warehouse' ? 'another enabled account already serves that Odoo warehouse'
    : constraint === 'ux_cartona_account_name' ? 'an account with that name exists' : 'a unique value is already used';
  return new Conflict(`Cartona account not saved: ${what}`, 'CARTONA.ACCOUNT_CONFLICT', { constraint });
}
