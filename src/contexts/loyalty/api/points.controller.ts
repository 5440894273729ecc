import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { PointsService } from '../application/points.service';
import { EarnPointsDto, PointsMoveDto, RedeemPointsDto } from './dto/points.dto';
import { moveDto } from './mappers';
import { REPLAYED_HEADER } from './orders.controller';

@ApiTags('loyalty')
@Controller('api/v1/points')
export class PointsController {
  constructor(private readonly points: PointsService) {}

  @Post('earn')
  @ApiKeyAuth('loyalty:write')
  @ApiOperation({ summary: 'Credit points to a card (idempotent on the card and reference)' })
  @ApiCreatedResponse({ type: PointsMoveDto })
  @ApiOkResponse({ type: PointsMoveDto, description: 'Replay (nothing changed)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'reference reused with different content' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Card blocked' })
  async earn(@Body() dto: EarnPointsDto, @Res({ passthrough: true }) res: Response): Promise<PointsMoveDto> {
    const r = await this.points.earn({ cardRef: dto.cardId, points: dto.points, reference: dto.reference, reason: dto.reason, expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null });
    if (r.replayed) res.status(200).setHeader(REPLAYED_HEADER, 'true');
    return moveDto(r);
  }

  @Post('redeem')
  @ApiKeyAuth('loyalty:write')
  @ApiOperation({ summary: 'Debit points from a card, soonest-expiring first; never below zero, under any concurrency' })
  @ApiCreatedResponse({ type: PointsMoveDto })
  @ApiOkResponse({ type: PointsMoveDto, description: 'Replay (nothing changed)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'reference reused with different content' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Not enough points (LOYALTY.INSUFFICIENT_POINTS) or card blocked' })
  async redeem(@Body() dto: RedeemPointsDto, @Res({ passthrough: true }) res: Response): Promise<PointsMoveDto> {
    const r = await this.points.redeem({ cardRef: dto.cardId, points: dto.points, reference: dto.reference, reason: dto.reason });
    if (r.replayed) res.status(200).setHeader(REPLAYED_HEADER, 'true');
    return moveDto(r);
  }
}
