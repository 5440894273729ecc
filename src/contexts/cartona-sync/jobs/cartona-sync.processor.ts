import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { JobRunner } from '../../../infrastructure/queues';
import { ProductChangeService } from '../application/product-change.service';
import { ProductPushService } from '../application/product-push.service';
import { OrderImportService } from '../application/order-import.service';
import { OrderPullService } from '../application/order-pull.service';
import { OrderStatusService } from '../application/order-status.service';
import { CartonaSweepService } from '../application/cartona-sweep.service';
import {
  CARTONA_QUEUE, CartonaJob, type AckOrderData, type FullResyncData, type HandleOdooChangesData, type ImportOrderData,
  type PullOrdersData, type PushOrderDetailsData, type PushOrderStatusData, type PushProductsData,
} from './cartona-sync.jobs';

/** The `cartona-sync` queue's consumer (worker roles only). */
@Processor(CARTONA_QUEUE)
export class CartonaSyncProcessor {
  constructor(
    private readonly runner: JobRunner,
    private readonly pull: OrderPullService,
    private readonly imports: OrderImportService,
    private readonly push: ProductPushService,
    private readonly changes: ProductChangeService,
    private readonly status: OrderStatusService,
    private readonly sweep: CartonaSweepService,
  ) {}

  @Process({ name: CartonaJob.PullOrders, concurrency: 1 })
  pullOrders(job: Job<PullOrdersData>) {
    return this.runner.run(job, () => this.pull.pullAll(job.data.accountId), { track: true });
  }

  @Process({ name: CartonaJob.ImportOrder, concurrency: 8 })
  importOrder(job: Job<ImportOrderData>) {
    return this.runner.run(job, () => this.imports.importOrder(job.data.hashedId));
  }

  @Process({ name: CartonaJob.AckOrder, concurrency: 8 })
  ackOrder(job: Job<AckOrderData>) {
    return this.runner.run(job, () => this.pull.ack(job.data.hashedId, job.data.payloadHash));
  }

  @Process({ name: CartonaJob.PushProducts, concurrency: 2 })
  pushProducts(job: Job<PushProductsData>) {
    return this.runner.run(job, () => this.push.flush(job.data.accountId, job.data.force === true));
  }

  @Process({ name: CartonaJob.VerifyProducts, concurrency: 1 })
  verifyProducts(job: Job<PushProductsData>) {
    return this.runner.run(job, () => this.push.verify(job.data.accountId));
  }

  @Process({ name: CartonaJob.PushOrderStatus, concurrency: 4 })
  pushStatus(job: Job<PushOrderStatusData>) {
    return this.runner.run(job, () => this.status.pushStatus(job.data.hashedId));
  }

  @Process({ name: CartonaJob.PushOrderDetails, concurrency: 2 })
  pushDetails(job: Job<PushOrderDetailsData>) {
    return this.runner.run(job, () => this.status.pushDetails(job.data.hashedId));
  }

  @Process({ name: CartonaJob.HandleOdooChanges, concurrency: 2 })
  handleOdooChanges(job: Job<HandleOdooChangesData>) {
    return this.runner.run(job, () => this.sweep.handleOdooChanges(job.data.model, job.data.ids));
  }

  @Process({ name: CartonaJob.PollOdoo, concurrency: 1 })
  pollOdoo(job: Job) {
    return this.runner.run(job, () => this.sweep.pollOdoo(), { track: true });
  }

  @Process({ name: CartonaJob.Sweep, concurrency: 1 })
  sweepJob(job: Job) {
    return this.runner.run(job, () => this.sweep.sweep(), { track: true });
  }

  @Process({ name: CartonaJob.FullResync, concurrency: 1 })
  fullResync(job: Job<FullResyncData>) {
    return this.runner.run(job, () => this.changes.fullResync(job.data.accountId), { track: true });
  }
}
