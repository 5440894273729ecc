import { applyDecorators, createParamDecorator, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiConflictResponse } from '@nestjs/swagger';
import { PortalAuth, type Principal } from '../../../infrastructure/auth';
import { Forbidden } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import type { PartnerScope } from '../domain/portal.types';
import { PortalScopeService } from '../application/portal-scope.service';

type ScopedRequest = { principal?: Principal; portalScope?: PartnerScope };

/** Runs after the JWT guard: resolves the account's partner link, or answers 409 PORTAL.NOT_LINKED. */
@Injectable()
export class PortalScopeGuard implements CanActivate {
  constructor(private readonly scopes: PortalScopeService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<ScopedRequest>();
    if (req.principal?.kind !== 'account') throw new Forbidden('Portal routes need a customer login (JWT)', 'PORTAL.CUSTOMER_LOGIN_REQUIRED');
    req.portalScope = await this.scopes.resolve(req.principal.id);
    return true;
  }
}

/** A logged-in customer whose account is linked to an Odoo partner; every read and write is scoped to it. */
export const LinkedCustomer = () =>
  applyDecorators(
    PortalAuth(),
    UseGuards(PortalScopeGuard),
    ApiConflictResponse({ type: ErrorResponseDto, description: 'The account is not linked to a customer yet (PORTAL.NOT_LINKED): call POST /api/odoo/link-customer' }),
  );

export const CurrentScope = createParamDecorator((_: unknown, ctx: ExecutionContext): PartnerScope =>
  ctx.switchToHttp().getRequest<ScopedRequest>().portalScope!);
