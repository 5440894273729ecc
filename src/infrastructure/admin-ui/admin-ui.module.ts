import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AdminSessionService } from '../auth/admin-session.service';
import { adminUiMiddleware } from '../auth/admin-ui.guard';
import { setMetricsRoute } from '../metrics/http-metrics.middleware';
import { AdminPagesController } from './admin-pages.controller';
import { QUEUE_DASHBOARD_PATH, QueueDashboard } from './queue-dashboard';

@Module({ controllers: [AdminPagesController], providers: [QueueDashboard], exports: [QueueDashboard] })
export class AdminUiModule {}

/** Mounts the queue dashboard (an Express router outside Nest's) behind the admin UI check. */
export function mountAdminUi(app: NestExpressApplication): void {
  app.use(
    QUEUE_DASHBOARD_PATH,
    (_req: Request, res: Response, next: NextFunction) => { setMetricsRoute(res, QUEUE_DASHBOARD_PATH); next(); },
    adminUiMiddleware(app.get(AdminSessionService)),
    app.get(QueueDashboard).router(),
  );
}
