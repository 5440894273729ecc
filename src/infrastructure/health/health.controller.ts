import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { ReadinessService } from './readiness.service';

const EXAMPLE_DETAILS = {
  db: { status: 'up', state: 'up', critical: true, checkMs: 2, latencyMs: 1 },
  redis: { status: 'up', state: 'up', critical: true, checkMs: 1, latencyMs: 1, queues: 5 },
  odoo: { status: 'up', state: 'up', critical: true, checkMs: 40, breaker: 'closed' },
  mqtt: { status: 'degraded', state: 'down', critical: false, checkMs: 2003, error: 'connect ECONNREFUSED 127.0.0.1:1883' },
};

export class HealthReportDto {
  @ApiProperty({ example: 'degraded', enum: ['ok', 'degraded', 'error', 'shutting_down'], description: 'error (503) only when a critical dependency is down' })
  status: string;
  @ApiPropertyOptional({ example: { db: EXAMPLE_DETAILS.db }, type: 'object', additionalProperties: true, description: 'Dependencies that are up or degraded' })
  info?: Record<string, unknown>;
  @ApiPropertyOptional({ example: {}, type: 'object', additionalProperties: true, description: 'Critical dependencies that are down' })
  error?: Record<string, unknown>;
  @ApiProperty({
    example: EXAMPLE_DETAILS, type: 'object', additionalProperties: true,
    description: 'Every dependency: status (effect on readiness), state (the dependency itself), critical, timings and secret-free facts',
  })
  details: Record<string, unknown>;
}

@ApiTags('ops')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up (no dependency is consulted)' })
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'Shutting down' })
  async live(@Res({ passthrough: true }) res: Response): Promise<HealthReportDto> {
    const { httpStatus, body } = await this.readiness.liveness();
    res.status(httpStatus);
    return body;
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres, Redis and every registered dependency (Odoo, MQTT …) with its state' })
  @ApiOkResponse({ type: HealthReportDto, description: 'Ready; non-critical dependencies may be degraded' })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'A critical dependency is down' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReportDto> {
    const { httpStatus, body } = await this.readiness.readiness();
    res.status(httpStatus);
    return body;
  }
}
