import type { AccountRole } from './account.entity';

export interface AccountPrincipal { kind: 'account'; id: string; email: string; role: AccountRole }
export interface ApiKeyPrincipal { kind: 'api_key'; id: string; name: string; scopes: string[]; ownerType: string; ownerRef: string | null }
export type Principal = AccountPrincipal | ApiKeyPrincipal;

/** Scopes understood by the guards; contexts check their own (`loyalty:write`, `iot:ingest`…). */
export const ADMIN_SCOPE = 'admin';
