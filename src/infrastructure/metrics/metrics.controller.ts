import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { AppConfig } from '../config';
import { Unauthenticated } from '../errors';
import { ErrorResponseDto } from '../http/error-response.dto';
import { metricsAccessAllowed } from './metrics-access';
import { metricsRegistry } from './metrics';

export const METRICS_SECURITY = 'metrics-token';

@ApiTags('ops')
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics: HTTP latency, queue depth, job outcomes, backlogs, Odoo calls, process' })
  @ApiBearerAuth(METRICS_SECURITY)
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: { 'text/plain': { schema: { type: 'string', example: 'hub_queue_jobs{queue="inbox",state="waiting"} 0\n' } } },
  })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'METRICS_TOKEN is set and the bearer does not match' })
  async metrics(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!metricsAccessAllowed(this.config.app.metricsToken, authorization)) throw new Unauthenticated('Metrics token required', 'METRICS.UNAUTHENTICATED');
    res.setHeader('Content-Type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  }
}
