import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { httpMetricsMiddleware, setMetricsRoute } from './http-metrics.middleware';
import { httpRequestDuration } from './metrics';
import { metricsAccessAllowed } from './metrics-access';

function finish(req: Partial<Request>, status: number, prepare?: (res: Response) => void) {
  const res = Object.assign(new EventEmitter(), { statusCode: status, locals: {} }) as unknown as Response;
  prepare?.(res);
  httpMetricsMiddleware(req as Request, res, (() => undefined) as NextFunction);
  res.emit('finish');
}

const count = async (labels: Record<string, string>) =>
  (await httpRequestDuration.get()).values.find((v) => v.metricName === 'hub_http_request_duration_seconds_count' && Object.entries(labels).every(([k, val]) => (v.labels as Record<string, unknown>)[k] === val))?.value ?? 0;

describe('HTTP latency histogram labels', () => {
  beforeEach(() => httpRequestDuration.reset());

  it('labels by the route template, method and status', async () => {
    finish({ method: 'GET', baseUrl: '', route: { path: '/api/admin/dead-letters/:id' } } as unknown as Request, 404);
    expect(await count({ route: '/api/admin/dead-letters/:id', method: 'GET', status: '404' })).toBe(1);
  });

  it('puts unmatched URLs (and the catch-all 404 route) under one label', async () => {
    finish({ method: 'GET' }, 404);
    finish({ method: 'GET', baseUrl: '', route: { path: '{/*splat}' } } as unknown as Request, 404);
    expect(await count({ route: 'unmatched' })).toBe(2);
  });

  it('lets a mounted router name its route', async () => {
    finish({ method: 'GET' }, 200, (res) => setMetricsRoute(res, '/admin/queues'));
    expect(await count({ route: '/admin/queues', status: '200' })).toBe(1);
  });
});

describe('metrics access', () => {
  it('is open without a token and needs the exact bearer with one', () => {
    expect(metricsAccessAllowed(undefined, undefined)).toBe(true);
    expect(metricsAccessAllowed('secret-token-123456', undefined)).toBe(false);
    expect(metricsAccessAllowed('secret-token-123456', 'Bearer secret-token-12345')).toBe(false);
    expect(metricsAccessAllowed('secret-token-123456', 'Bearer secret-token-123456')).toBe(true);
  });
});
