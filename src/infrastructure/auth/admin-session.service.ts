import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { Forbidden, Unauthenticated } from '../errors';
import { ApiKeysService } from './api-keys.service';
import { bearerToken, verifyAccountToken } from './jwt-claims';
import { ADMIN_SCOPE, type Principal } from './principal';

/** HttpOnly, SameSite=Strict cookie holding an admin's JWT; read only by admin UI routes. */
export const ADMIN_SESSION_COOKIE = 'hub_admin_session';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const ttlToMs = (ttl: string): number => Number(/^(\d+)/.exec(ttl)?.[1] ?? 0) * (UNIT_MS[ttl.slice(-1)] ?? 1000);

/** The value of one cookie from a Cookie header (JWTs need no decoding beyond URI escapes). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try { return decodeURIComponent(part.slice(eq + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Browser sessions for the admin UIs (queue dashboard, operator console). A browser cannot add a
 * bearer header when it navigates, so those routes also accept the session cookie. The JSON API
 * never does: its guard reads only headers, which a cross-site page cannot set.
 */
@Injectable()
export class AdminSessionService {
  constructor(private readonly jwt: JwtService, private readonly apiKeys: ApiKeysService, private readonly config: AppConfig) {}

  /** An admin principal from the bearer header, X-API-Key or the session cookie; throws 401/403. */
  async authenticate(req: Request): Promise<Principal> {
    const xApiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
    const header = xApiKey ?? bearerToken(req.headers.authorization);
    const cookie = header ? undefined : readCookie(req.headers.cookie, ADMIN_SESSION_COOKIE);
    const raw = header ?? cookie;
    if (!raw) throw new Unauthenticated('Log in as an administrator first', 'AUTH.SESSION_REQUIRED');
    if (cookie && !SAFE_METHODS.has(req.method) && !this.sameOrigin(req)) {
      throw new Forbidden('Cross-origin request with the admin session refused', 'AUTH.CROSS_ORIGIN');
    }
    if (raw.startsWith('hub_')) {
      const key = await this.apiKeys.verify(raw);
      if (!key) throw new Unauthenticated('Invalid or revoked API key', 'AUTH.INVALID_API_KEY');
      if (!key.scopes.includes(ADMIN_SCOPE)) throw new Forbidden('API key lacks scope: admin', 'AUTH.MISSING_SCOPE', { missing: [ADMIN_SCOPE] });
      return key;
    }
    const account = await verifyAccountToken(this.jwt, raw);
    if (account.role !== 'admin') throw new Forbidden('Administrator role required');
    return account;
  }

  setCookie(req: Request, res: Response, token: string): void {
    res.cookie(ADMIN_SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      // `auto`: Secure whenever the request came over HTTPS (directly or via a trusted proxy).
      secure: req.secure,
      path: '/',
      maxAge: ttlToMs(this.config.auth.jwtTtl),
    });
  }

  clearCookie(req: Request, res: Response): void {
    res.clearCookie(ADMIN_SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  }

  /** Defence in depth beside SameSite=Strict: a state-changing request must not come from another origin. */
  private sameOrigin(req: Request): boolean {
    const source = typeof req.headers.origin === 'string' ? req.headers.origin : typeof req.headers.referer === 'string' ? req.headers.referer : undefined;
    if (!source) return true;
    try {
      return new URL(source).host === req.headers.host;
    } catch {
      return false;
    }
  }
}
