import { applyDecorators, createParamDecorator, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';
import { AuthGuard } from './auth.guard';
import type { AccountPrincipal, ApiKeyPrincipal, Principal } from './principal';

import { AUTH_POLICY, type AuthPolicy } from './auth-policy.constants';

/** Swagger security scheme names, declared once in main's DocumentBuilder. */
export const SECURITY = { jwt: 'jwt', apiKey: 'api-key' } as const;

const docs = (policy: AuthPolicy) => [
  ...(policy.jwt ? [ApiBearerAuth(SECURITY.jwt)] : []),
  ...(policy.apiKeyScopes ? [ApiSecurity(SECURITY.apiKey)] : []),
  ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, invalid or expired credentials' }),
  ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Authenticated but not allowed' }),
  ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Rate limit exceeded' }),
];

const withPolicy = (policy: AuthPolicy) => applyDecorators(SetMetadata(AUTH_POLICY, policy), UseGuards(AuthGuard), ...docs(policy));

/** A logged-in portal customer (or admin) with a JWT from POST /api/auth/login. */
export const PortalAuth = () => withPolicy({ jwt: 'any' });
/** A partner or device API key holding every listed scope (admin keys pass too). */
export const ApiKeyAuth = (...scopes: string[]) => withPolicy({ apiKeyScopes: scopes });
/** An administrator: a JWT with role admin, or an API key with the `admin` scope. */
export const AdminAuth = () => withPolicy({ jwt: 'admin', apiKeyScopes: ['admin'] });

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal =>
  ctx.switchToHttp().getRequest().principal);
export const CurrentAccount = createParamDecorator((_: unknown, ctx: ExecutionContext): AccountPrincipal =>
  ctx.switchToHttp().getRequest().principal);
export const CurrentApiKey = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiKeyPrincipal =>
  ctx.switchToHttp().getRequest().principal);
