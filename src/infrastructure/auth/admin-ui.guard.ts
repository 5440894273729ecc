import { applyDecorators, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiCookieAuth } from '@nestjs/swagger';
import { AppError } from '../errors';
import { currentRequestId } from '../http/request-context';
import { STATUS_BY_KIND } from '../http/error-status';
import { AdminSessionService, ADMIN_SESSION_COOKIE } from './admin-session.service';
import type { Principal } from './principal';

export const ADMIN_LOGIN_PATH = '/admin/login';

/** Same-site paths only: `next=//evil.example` or `next=https://…` must not become an open redirect. */
export function safeNextPath(next: unknown): string | undefined {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : undefined;
}

const wantsHtml = (req: Request) => req.method === 'GET' && /text\/html/.test(String(req.headers.accept ?? ''));
const loginUrl = (req: Request) => `${ADMIN_LOGIN_PATH}?next=${encodeURIComponent(safeNextPath(req.originalUrl) ?? '/')}`;

/**
 * Admin UI routes (pages, not JSON API): admin session cookie, admin bearer JWT or admin API key.
 * A browser without a session is sent to the login page; other clients get the usual 401/403 JSON.
 */
@Injectable()
export class AdminUiGuard implements CanActivate {
  constructor(private readonly sessions: AdminSessionService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    try {
      req.principal = await this.sessions.authenticate(req);
      return true;
    } catch (err) {
      if (err instanceof AppError && err.kind === 'unauthenticated' && wantsHtml(req)) {
        // Answered here; the exception filter sees headersSent and leaves the redirect alone.
        ctx.switchToHttp().getResponse<Response>().redirect(302, loginUrl(req));
        return false;
      }
      throw err;
    }
  }
}

/** For Nest controllers serving admin pages (e.g. the operator console under /console). */
export const AdminUi = () => applyDecorators(UseGuards(AdminUiGuard), ApiCookieAuth(ADMIN_SESSION_COOKIE));

/** The same check for Express routers mounted outside Nest (the queue dashboard). */
export function adminUiMiddleware(sessions: AdminSessionService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    sessions.authenticate(req).then(
      (principal) => {
        (req as Request & { principal?: Principal }).principal = principal;
        next();
      },
      (err: unknown) => {
        if (err instanceof AppError && err.kind === 'unauthenticated' && wantsHtml(req)) return res.redirect(302, loginUrl(req));
        const status = err instanceof AppError ? STATUS_BY_KIND[err.kind] : 500;
        res.status(status).json({
          statusCode: status,
          code: err instanceof AppError ? err.code : 'INTERNAL',
          message: err instanceof AppError ? err.message : 'Internal server error',
          requestId: currentRequestId() ?? String(res.getHeader('x-request-id') ?? ''),
        });
      },
    );
  };
}
