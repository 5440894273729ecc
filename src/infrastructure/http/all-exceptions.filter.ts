import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ThrottlerException } from '@nestjs/throttler';
import { AppError } from '../errors';
import { CODE_BY_STATUS, STATUS_BY_KIND } from './error-status';
import { currentRequestId } from './request-context';
import type { ErrorResponseDto } from './error-response.dto';

/**
 * Maps every error to `{ statusCode, code, message, details?, requestId }`.
 * Unknown errors are logged with their stack and answered with a generic 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const requestId = currentRequestId() ?? String(res.getHeader('x-request-id') ?? '');
    const body = this.toBody(exception, requestId);

    if (body.statusCode >= 500) {
      this.logger.error(
        { err: exception, path: req.originalUrl?.split('?')[0], method: req.method, code: body.code },
        'request failed',
      );
    }
    if (exception instanceof AppError && exception.retryAfterSeconds) {
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorResponseDto {
    if (exception instanceof AppError) {
      return {
        statusCode: STATUS_BY_KIND[exception.kind],
        code: exception.code,
        message: exception.kind === 'internal' ? 'Internal server error' : exception.message,
        ...(exception.details && exception.kind !== 'internal' ? { details: exception.details } : {}),
        requestId,
      };
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: 429, code: 'RATE_LIMITED', message: 'Too many requests, slow down', requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps body-parser / URI errors in an HttpException carrying the original as `cause`.
      const parsed = status < 500 ? parserMessage(exception.cause) : undefined;
      if (parsed) return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message: parsed, requestId };
      const response = exception.getResponse();
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? ((response as { message: string[] }).message).join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      return {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'),
        message: status >= 500 ? 'Internal server error' : message,
        requestId,
      };
    }
    // body-parser / express errors carry a status and a type (entity.too.large, entity.parse.failed…)
    const maybe = exception as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
    const status = maybe?.status ?? maybe?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = parserMessage(exception) ?? (maybe.expose && maybe.message ? maybe.message : 'Bad request');
      return { statusCode: status, code: CODE_BY_STATUS[status] ?? 'HTTP_ERROR', message, requestId };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error', requestId };
  }
}

/** Plain messages for body-parser and URL decoding failures, instead of the parser's internals. */
function parserMessage(err: unknown): string | undefined {
  if (err instanceof URIError) return 'Malformed URL encoding';
  const type = (err as { type?: unknown } | undefined)?.type;
  if (type === 'entity.too.large') return 'Request body too large';
  if (type === 'entity.parse.failed') return 'Malformed JSON body';
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 'Unsupported body encoding';
  if (type === 'request.aborted') return 'Request aborted';
  return undefined;
}
