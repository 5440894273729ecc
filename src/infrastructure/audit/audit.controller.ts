import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../auth/auth-policy';
import { ErrorResponseDto } from '../http/error-response.dto';
import { pageOf, timeRange } from '../http/paging';
import { AuditService } from './audit.service';
import { AuditPageDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Query the audit trail of cross-system calls and events (newest first), filtered and paged' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async query(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    const [rows, total] = await this.audit.query({
      system: q.system, direction: q.direction, status: q.status, operation: q.operation, correlationId: q.correlationId,
      requestId: q.requestId, ...timeRange(q), limit: q.limit, offset: q.offset,
    });
    return pageOf(
      rows.map((a) => ({
        id: String(a.id), occurredAt: a.occurredAt.toISOString(), system: a.system, direction: a.direction, operation: a.operation,
        correlationId: a.correlationId, requestId: a.requestId, status: a.status, durationMs: a.durationMs, error: a.error, details: a.details,
      })),
      total,
      q,
    );
  }
}
