import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../auth/auth-policy';
import { ErrorResponseDto } from '../http/error-response.dto';
import { iso, pageOf, timeRange } from '../http/paging';
import { InboxMessageDetailDto, InboxMessageDto, InboxPageDto, InboxQueryDto } from './dto/inbox.dto';
import type { InboxMessage } from './inbox-message.entity';
import { InboxService } from './inbox.service';

const toDto = (m: InboxMessage): InboxMessageDto => ({
  id: m.id, source: m.source, eventId: m.eventId, status: m.status, receivedAt: m.receivedAt.toISOString(), startedAt: iso(m.startedAt),
  processedAt: iso(m.processedAt), attempts: m.attempts, lastError: m.lastError, requestId: m.requestId,
});

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/inbox')
export class InboxAdminController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'List inbound webhook messages (newest first) by status, source or event id, paged' })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() q: InboxQueryDto): Promise<InboxPageDto> {
    const [rows, total] = await this.inbox.list({ status: q.status, source: q.source, eventId: q.eventId, ...timeRange(q), limit: q.limit, offset: q.offset });
    return pageOf(rows.map(toDto), total, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inbox message with its payload' })
  @ApiOkResponse({ type: InboxMessageDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<InboxMessageDetailDto> {
    const row = await this.inbox.get(id);
    return { ...toDto(row), payload: row.payload };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process a failed or stuck message again (its handler is idempotent)' })
  @ApiOkResponse({ type: InboxMessageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already processed or being processed' })
  async retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<InboxMessageDto> {
    return toDto(await this.inbox.retry(id));
  }
}
