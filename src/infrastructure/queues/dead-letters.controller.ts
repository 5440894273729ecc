import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../auth/auth-policy';
import { ErrorResponseDto } from '../http/error-response.dto';
import { iso, pageOf, timeRange } from '../http/paging';
import type { DeadLetterJob } from './dead-letter-job.entity';
import { DeadLetterService } from './dead-letter.service';
import { DeadLetterDetailDto, DeadLetterDto, DeadLetterPageDto, DeadLetterQueryDto, ReplayDeadLettersDto, ReplayManyResultDto } from './dto/dead-letter.dto';

const toDto = (d: DeadLetterJob): DeadLetterDto => ({
  id: d.id, queue: d.queue, jobName: d.jobName, jobId: d.jobId, error: d.error, attempts: d.attempts, permanent: d.permanent,
  status: d.status, failedAt: d.failedAt.toISOString(), replayedAt: iso(d.replayedAt), replayJobId: d.replayJobId, replayCount: d.replayCount,
});

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'List jobs that exhausted their retries (newest first), filtered and paged' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() q: DeadLetterQueryDto): Promise<DeadLetterPageDto> {
    const [rows, total] = await this.deadLetters.list({ queue: q.queue, jobName: q.jobName, status: q.status, ...timeRange(q), limit: q.limit, offset: q.offset });
    return pageOf(rows.map(toDto), total, q);
  }

  @Post('replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replay every dead letter matching the filter (oldest first, up to limit)' })
  @ApiOkResponse({ type: ReplayManyResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async replayMatching(@Body() dto: ReplayDeadLettersDto): Promise<ReplayManyResultDto> {
    return this.deadLetters.replayMatching(
      { queue: dto.queue, jobName: dto.jobName, to: dto.failedBefore ? new Date(dto.failedBefore) : undefined },
      dto.limit,
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter with its payload' })
  @ApiOkResponse({ type: DeadLetterDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeadLetterDetailDto> {
    const row = await this.deadLetters.get(id);
    return { ...toDto(row), payload: row.payload };
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enqueue the job again under a new job id (its handler is idempotent)' })
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already replayed or discarded' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Redis unavailable' })
  async replay(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeadLetterDto> {
    return toDto(await this.deadLetters.replay(id));
  }

  @Post(':id/discard')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a dead letter as handled without replaying it' })
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already replayed or discarded' })
  async discard(@Param('id', new ParseUUIDPipe()) id: string): Promise<DeadLetterDto> {
    return toDto(await this.deadLetters.discard(id));
  }
}
