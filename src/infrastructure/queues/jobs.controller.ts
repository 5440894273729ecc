import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../auth/auth-policy';
import { ValidationFailed } from '../errors';
import { ErrorResponseDto } from '../http/error-response.dto';
import { iso, pageOf, timeRange } from '../http/paging';
import { JobRunDto, JobRunPageDto, JobRunQueryDto, ManualRunDto, ScheduledJobDto } from './dto/jobs.dto';
import type { JobRun } from './job-run.entity';
import { ScheduledJobsService } from './scheduled-jobs.service';

export const toJobRunDto = (r: JobRun): JobRunDto => ({
  id: r.id, queue: r.queue, jobName: r.jobName, jobId: r.jobId, startedAt: r.startedAt.toISOString(), finishedAt: iso(r.finishedAt),
  durationMs: r.durationMs, outcome: r.outcome, error: r.error, result: r.result,
});

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/jobs')
export class JobsController {
  constructor(private readonly jobs: ScheduledJobsService) {}

  @Get()
  @ApiOperation({ summary: 'Every scheduled job with its schedule, next run and last run' })
  @ApiOkResponse({ type: [ScheduledJobDto] })
  async list(): Promise<ScheduledJobDto[]> {
    return (await this.jobs.list()).map((j) => ({ ...j, nextRunAt: iso(j.nextRunAt), lastRun: j.lastRun ? toJobRunDto(j.lastRun) : null }));
  }

  @Get('runs')
  @ApiOperation({ summary: 'History of tracked job runs (newest first), filtered and paged' })
  @ApiOkResponse({ type: JobRunPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async runs(@Query() q: JobRunQueryDto): Promise<JobRunPageDto> {
    const [rows, total] = await this.jobs.history({ queue: q.queue, jobName: q.jobName, outcome: q.outcome, ...timeRange(q), limit: q.limit, offset: q.offset });
    return pageOf(rows.map(toJobRunDto), total, q);
  }

  @Post(':name/run')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run a scheduled job now (enqueued for a worker, like a cron tick)' })
  @ApiParam({ name: 'name', example: 'loyalty.expire-points' })
  @ApiAcceptedResponse({ type: ManualRunDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No scheduled job with that name' })
  async run(@Param('name') name: string): Promise<ManualRunDto> {
    if (!/^[A-Za-z0-9._:-]{1,150}$/.test(name)) throw new ValidationFailed('name must be a job name like context.verb-noun', { name: ['invalid job name'] });
    return this.jobs.runNow(name);
  }
}
