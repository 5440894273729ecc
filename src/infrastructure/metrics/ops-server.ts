import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../config';
import { ReadinessService } from '../health/readiness.service';
import { metricsAccessAllowed } from './metrics-access';
import { metricsRegistry } from './metrics';

/**
 * A worker serves no API, yet Prometheus must scrape its job metrics and an orchestrator probe
 * it: with OPS_PORT set, APP_ROLE=worker listens there for /health, /health/ready and /metrics
 * only (plain node:http, none of the API's middleware).
 */
@Injectable()
export class OpsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(OpsServer.name);
  private server?: Server;

  constructor(private readonly readiness: ReadinessService, private readonly config: AppConfig) {}

  async start(port: number): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const answer = async () => {
        if (req.method !== 'GET') return json(405, { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'Only GET is served here' });
        if (path === '/health') { const r = await this.readiness.liveness(); return json(r.httpStatus, r.body); }
        if (path === '/health/ready') { const r = await this.readiness.readiness(); return json(r.httpStatus, r.body); }
        if (path === '/metrics') {
          if (!metricsAccessAllowed(this.config.app.metricsToken, req.headers.authorization)) {
            return json(401, { statusCode: 401, code: 'METRICS.UNAUTHENTICATED', message: 'Metrics token required' });
          }
          res.writeHead(200, { 'Content-Type': metricsRegistry.contentType });
          return res.end(await metricsRegistry.metrics());
        }
        return json(404, { statusCode: 404, code: 'NOT_FOUND', message: `${path} is not served on the ops port (only /health, /health/ready, /metrics)` });
      };
      answer().catch((err) => {
        this.logger.error({ err }, 'ops request failed');
        if (!res.headersSent) json(500, { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
      });
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '0.0.0.0', () => resolve()));
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
