import { randomUUID } from 'node:crypto';
import { AccountsService } from '../../src/infrastructure/auth';
import { ApiKeysService } from '../../src/infrastructure/auth';
import type { TestApp } from './app';

export interface TestAdmin { id: string; email: string; password: string; token: string }

/** A fresh administrator account (unique email) and its JWT. */
export async function createAdmin(t: TestApp): Promise<TestAdmin> {
  const accounts = t.get(AccountsService);
  const email = `admin-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  const account = await accounts.register(email, password, 'admin');
  return { id: account.id, email, password, token: await accounts.issueToken(account) };
}

/** A fresh portal customer and its JWT. */
export async function createCustomer(t: TestApp): Promise<TestAdmin> {
  const accounts = t.get(AccountsService);
  const email = `customer-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  const account = await accounts.register(email, password, 'customer');
  return { id: account.id, email, password, token: await accounts.issueToken(account) };
}

/** A fresh API key with the given scopes; returns the raw key (`hub_…`) and its id. */
export async function createApiKey(t: TestApp, scopes: string[], name = `key-${randomUUID().slice(0, 8)}`): Promise<{ id: string; key: string }> {
  const { key, apiKey } = await t.get(ApiKeysService).create({ name, scopes });
  return { id: apiKey.id, key };
}
