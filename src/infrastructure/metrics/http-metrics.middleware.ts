import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics';

/**
 * Express middlewares mounted outside Nest's router (the queue dashboard) name their route
 * here, so the latency histogram never gets one label per URL.
 */
export function setMetricsRoute(res: Response, route: string): void {
  res.locals.metricsRoute = route;
}

function routeOf(req: Request, res: Response): string {
  if (typeof res.locals.metricsRoute === 'string') return res.locals.metricsRoute;
  const route = (req as Request & { route?: { path?: unknown } }).route;
  // No route matched (Nest's catch-all 404 handler is a `*splat` route): one label, whatever the URL.
  if (!route || typeof route.path !== 'string' || route.path.includes('*')) return 'unmatched';
  return `${req.baseUrl ?? ''}${route.path}`;
}

/** First middleware: times every request to the end of its response, labelled by route template. */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpRequestDuration.startTimer();
  res.once('finish', () => end({ method: req.method, route: routeOf(req, res), status: String(res.statusCode) }));
  next();
}
