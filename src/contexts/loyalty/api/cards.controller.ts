import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiKeyAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { CardsQueryService } from '../application/cards-query.service';
import { CardBalanceDto, HistoryPageDto, HistoryQueryDto } from './dto/card.dto';
import { balanceDto, historyItemDto } from './mappers';

@ApiTags('loyalty')
@Controller('api/v1/cards')
export class CardsController {
  constructor(private readonly cards: CardsQueryService) {}

  @Get(':id/balance')
  @ApiKeyAuth('loyalty:read')
  @ApiOperation({ summary: 'Balance of a card, the points expiring next and when, and the tier' })
  @ApiParam({ name: 'id', example: 'LC7KQ2MZP4XH', description: 'Card id (uuid) or card code' })
  @ApiOkResponse({ type: CardBalanceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async balance(@Param('id') id: string): Promise<CardBalanceDto> {
    return balanceDto(await this.cards.balance(id));
  }

  @Get(':id/history')
  @ApiKeyAuth('loyalty:read')
  @ApiOperation({ summary: 'Point moves of a card, newest first, keyset-paged' })
  @ApiParam({ name: 'id', example: 'LC7KQ2MZP4XH', description: 'Card id (uuid) or card code' })
  @ApiOkResponse({ type: HistoryPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async history(@Param('id') id: string, @Query() q: HistoryQueryDto): Promise<HistoryPageDto> {
    const page = await this.cards.history(id, {
      limit: q.limit, before: q.cursor ?? null, kind: q.kind ?? null, from: q.from ? new Date(q.from) : null, to: q.to ? new Date(q.to) : null,
    });
    return { items: page.items.map(historyItemDto), nextCursor: page.nextCursor };
  }
}
