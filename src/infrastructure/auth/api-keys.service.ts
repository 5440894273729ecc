import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { NotFound } from '../errors';
import { ApiKey } from './api-key.entity';
import type { ApiKeyPrincipal } from './principal';

const KEY_RE = /^hub_([a-f0-9]{12})_([A-Za-z0-9_-]{43})$/;
const CACHE_TTL_MS = 5000;
const TOUCH_INTERVAL_MS = 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface CreatedApiKey { key: string; apiKey: ApiKey }

/**
 * API keys look like `hub_<12 hex prefix>_<43 char secret>`; the prefix finds the row, the
 * secret's SHA-256 is compared in constant time. Keys are random 256-bit secrets, so a fast hash
 * is enough (a slow one would only slow every request). Verified keys are cached for 5 s:
 * a revocation takes effect within that window on every instance.
 */
@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { principal: ApiKeyPrincipal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(@InjectRepository(ApiKey) private readonly repo: Repository<ApiKey>) {}

  async create(input: { name: string; scopes: string[]; ownerType?: ApiKey['ownerType']; ownerRef?: string; expiresAt?: Date }): Promise<CreatedApiKey> {
    const prefix = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const apiKey = await this.repo.save(
      this.repo.create({
        name: input.name,
        prefix,
        secretHash: sha256(secret),
        scopes: [...new Set(input.scopes)],
        ownerType: input.ownerType ?? 'partner',
        ownerRef: input.ownerRef ?? null,
        expiresAt: input.expiresAt ?? null,
      }),
    );
    return { key: `hub_${prefix}_${secret}`, apiKey };
  }

  async verify(raw: string): Promise<ApiKeyPrincipal | null> {
    const m = KEY_RE.exec(raw);
    if (!m) return null;
    const cached = this.cache.get(raw);
    if (cached && cached.until > Date.now()) return cached.principal;
    const principal = await this.lookup(m[1], m[2]);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(raw, { principal, until: Date.now() + CACHE_TTL_MS });
    return principal;
  }

  private async lookup(prefix: string, secret: string): Promise<ApiKeyPrincipal | null> {
    const row = await this.repo.findOneBy({ prefix });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return null;
    const a = Buffer.from(row.secretHash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    this.touch(row.id);
    return { kind: 'api_key', id: row.id, name: row.name, scopes: row.scopes, ownerType: row.ownerType, ownerRef: row.ownerRef };
  }

  private touch(id: string): void {
    const last = this.touched.get(id) ?? 0;
    if (Date.now() - last < TOUCH_INTERVAL_MS) return;
    this.touched.set(id, Date.now());
    void this.repo.update(id, { lastUsedAt: new Date() }).catch(() => undefined);
  }

  async list(): Promise<ApiKey[]> {
    return this.repo.find({ order: { createdAt: 'DESC' } });
  }

  async revoke(id: string): Promise<ApiKey> {
    const res = await this.repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new NotFound(`API key ${id} not found`, 'AUTH.API_KEY_NOT_FOUND');
    if (res.affected) this.cache.clear();
    return row;
  }
}
