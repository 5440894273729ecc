import type { JwtService } from '@nestjs/jwt';
import { Unauthenticated } from '../errors';
import type { AccountPrincipal } from './principal';

interface JwtClaims { sub: string; email: string; role: 'customer' | 'admin' }

/** Verifies a hub JWT (signature, issuer, expiry) and maps failures to stable 401 codes. */
export async function verifyAccountToken(jwt: JwtService, token: string): Promise<AccountPrincipal> {
  try {
    const claims = await jwt.verifyAsync<JwtClaims>(token);
    return { kind: 'account', id: claims.sub, email: claims.email, role: claims.role };
  } catch (err) {
    const expired = (err as Error)?.name === 'TokenExpiredError';
    throw new Unauthenticated(expired ? 'Token expired, log in again' : 'Invalid token', expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.INVALID_TOKEN');
  }
}

/** The token of `Authorization: Bearer <token>`, if that is the header's form. */
export function bearerToken(header: unknown): string | undefined {
  return typeof header === 'string' && /^bearer\s+/i.test(header) ? header.replace(/^bearer\s+/i, '').trim() : undefined;
}
