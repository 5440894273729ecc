import { BullModule, InjectQueue, Process, Processor } from '@nestjs/bull';
import { Body, Controller, Get, HttpCode, Injectable, Module, Post, type OnModuleInit } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Job, Queue } from 'bull';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiKeyAuth, CurrentApiKey, type ApiKeyPrincipal } from '../../src/infrastructure/auth';
import { PermanentJobError } from '../../src/infrastructure/errors';
import { currentRequestId } from '../../src/infrastructure/http';
import { HmacWebhook, InboxService, WebhookSecrets, type InboxMessageView } from '../../src/infrastructure/inbox';
import { enqueueJob, JobRunner } from '../../src/infrastructure/queues';

/**
 * Test-only routes, queue and processor mounted beside the real hub through
 * `createTestApp(env, { imports: [FoundationTestModule] })`: they exercise the shared machinery
 * (HMAC guard + inbox, API-key scopes, retries and dead letters) the way a context uses it.
 */
export const TEST_WEBHOOK_SOURCE = 'test-sender';
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
export const TEST_QUEUE = 'foundation-test';
export const TestJob = { Flaky: 'foundation-test.flaky', Permanent: 'foundation-test.permanent' } as const;

/** What the test-only handlers saw; tests read and steer it. */
@Injectable()
export class TestProbe {
  readonly processed: Array<InboxMessageView & { requestIdInWorker?: string }> = [];
  readonly jobRuns: Array<{ id: string; key: string; attempt: number }> = [];
  /** Job keys and webhook event ids whose processing must fail (transiently) until removed. */
  readonly failing = new Set<string>();
}

class TestEventDto {
  @ApiProperty({ example: 'evt-1' }) @IsString() @MaxLength(200) eventId: string;
  @ApiProperty({ example: 'approved', required: false }) @IsOptional() @IsString() status?: string;
}

class AcceptedDto {
  @ApiProperty({ example: 'c3a0f3c2-6a55-4f0e-9a0b-1f5b3f0d8e77' }) id: string;
  @ApiProperty({ example: false }) duplicate: boolean;
}

class ScopedDto {
  @ApiProperty({ example: 'pos-store-12' }) key: string;
}

@ApiTags('test')
@Controller('test')
class FoundationTestController {
  constructor(private readonly inbox: InboxService) {}

  @Post('webhooks/signed')
  @HttpCode(200)
  @HmacWebhook(TEST_WEBHOOK_SOURCE)
  @ApiOperation({ summary: 'Signed test webhook stored through the inbox' })
  @ApiOkResponse({ type: AcceptedDto })
  accept(@Body() dto: TestEventDto): Promise<AcceptedDto> {
    return this.inbox.accept(TEST_WEBHOOK_SOURCE, dto.eventId, { ...dto });
  }

  @Get('scoped')
  @ApiKeyAuth('test:read')
  @ApiOperation({ summary: 'Needs an API key with test:read' })
  @ApiOkResponse({ type: ScopedDto })
  scoped(@CurrentApiKey() key: ApiKeyPrincipal): ScopedDto {
    return { key: key.name };
  }
}

@Processor(TEST_QUEUE)
class FoundationTestProcessor {
  constructor(private readonly runner: JobRunner, private readonly probe: TestProbe) {}

  @Process(TestJob.Flaky)
  flaky(job: Job<{ key: string }>): Promise<{ ok: true }> {
    return this.runner.run(job, async () => {
      this.probe.jobRuns.push({ id: String(job.id), key: job.data.key, attempt: job.attemptsMade + 1 });
      if (this.probe.failing.has(job.data.key)) throw new Error(`induced failure for ${job.data.key}`);
      return { ok: true as const };
    });
  }

  @Process(TestJob.Permanent)
  permanent(job: Job<{ key: string }>): Promise<never> {
    return this.runner.run(job, async () => {
      this.probe.jobRuns.push({ id: String(job.id), key: job.data.key, attempt: job.attemptsMade + 1 });
      throw new PermanentJobError(`cannot ever work: ${job.data.key}`);
    });
  }
}

/** Enqueues through the real helper, with short backoff so retries happen within a test. */
@Injectable()
export class TestJobs {
  constructor(@InjectQueue(TEST_QUEUE) readonly queue: Queue) {}
  enqueue(name: string, key: string, attempts = 3): Promise<string> {
    return enqueueJob(this.queue, name, { key }, { idempotencyKey: `test:${key}`, attempts, backoff: { type: 'fixed', delay: 50 } });
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: TEST_QUEUE })],
  controllers: [FoundationTestController],
  providers: [TestProbe, TestJobs, FoundationTestProcessor],
  exports: [TestProbe, TestJobs],
})
export class FoundationTestModule implements OnModuleInit {
  constructor(private readonly inbox: InboxService, private readonly secrets: WebhookSecrets, private readonly probe: TestProbe) {}
  onModuleInit(): void {
    this.secrets.register(TEST_WEBHOOK_SOURCE, () => TEST_WEBHOOK_SECRET);
    this.inbox.registerHandler(TEST_WEBHOOK_SOURCE, async (m) => {
      this.probe.processed.push({ ...m, requestIdInWorker: currentRequestId() });
      if (this.probe.failing.has(m.eventId)) throw new Error(`handler refused ${m.eventId}`);
    });
  }
}
