import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { RequestHandler } from 'express';
import { QueueRegistry } from '../queues/queue-registry';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * bull-board over every registered queue (found at bootstrap, so a context's queue appears without
 * wiring). Mounted by `mountAdminUi` behind the admin UI check. Replays of exhausted jobs belong in
 * the dead-letter API, which keeps the `dead_letter_job` record straight; the dashboard is for looking.
 */
@Injectable()
export class QueueDashboard implements OnApplicationBootstrap {
  private readonly adapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  private readonly board = createBullBoard({
    queues: [],
    serverAdapter: this.adapter,
    options: { uiConfig: { boardTitle: 'Odoo hub queues', miscLinks: [{ text: 'Log out', url: '/admin/logout' }] } },
  });

  constructor(private readonly queues: QueueRegistry) {}

  onApplicationBootstrap(): void {
    this.board.replaceQueues([...this.queues.all().values()].map((q) => new BullAdapter(q)));
  }

  router(): RequestHandler {
    return this.adapter.getRouter() as RequestHandler;
  }
}
