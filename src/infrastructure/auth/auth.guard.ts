import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { Forbidden, Unauthenticated } from '../errors';
import { ApiKeysService } from './api-keys.service';
import { AUTH_POLICY, type AuthPolicy } from './auth-policy.constants';
import { bearerToken, verifyAccountToken } from './jwt-claims';
import { ADMIN_SCOPE, type Principal } from './principal';

/**
 * Reads `Authorization: Bearer <jwt | api key>` or `X-API-Key`, then applies the route's policy.
 * 401 = no/invalid credentials, 403 = valid credentials without the right role or scope.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AuthPolicy>(AUTH_POLICY, [ctx.getHandler(), ctx.getClass()]);
    if (!policy) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(req, policy);
    this.authorize(principal, policy);
    req.principal = principal;
    return true;
  }

  private async authenticate(req: Request, policy: AuthPolicy): Promise<Principal> {
    const bearer = bearerToken(req.headers.authorization);
    const xApiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : undefined;
    const raw = xApiKey ?? bearer;
    if (!raw) throw new Unauthenticated('Credentials required: send Authorization: Bearer <token> or X-API-Key');

    if (raw.startsWith('hub_')) {
      if (!policy.apiKeyScopes) throw new Forbidden('API keys cannot call this route', 'AUTH.WRONG_CREDENTIAL_TYPE');
      const principal = await this.apiKeys.verify(raw);
      if (!principal) throw new Unauthenticated('Invalid or revoked API key', 'AUTH.INVALID_API_KEY');
      return principal;
    }
    if (!policy.jwt) throw new Forbidden('This route needs an API key', 'AUTH.WRONG_CREDENTIAL_TYPE');
    return verifyAccountToken(this.jwt, raw);
  }

  private authorize(principal: Principal, policy: AuthPolicy): void {
    if (principal.kind === 'account') {
      if (policy.jwt === 'admin' && principal.role !== 'admin') throw new Forbidden('Administrator role required');
      return;
    }
    const needed = policy.apiKeyScopes ?? [];
    const has = new Set(principal.scopes);
    if (has.has(ADMIN_SCOPE)) return;
    const missing = needed.filter((s) => !has.has(s));
    if (missing.length) throw new Forbidden(`API key lacks scope: ${missing.join(', ')}`, 'AUTH.MISSING_SCOPE', { missing });
  }
}
