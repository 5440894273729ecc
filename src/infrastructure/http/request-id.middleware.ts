import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-context';

/** First middleware: every request gets an id (the caller's, if sane) echoed in the response. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  (req as Request & { id: string }).id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
