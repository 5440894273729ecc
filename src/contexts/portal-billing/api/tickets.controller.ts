import { Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiServiceUnavailableResponse,
  ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidationFailed } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import type { PartnerScope } from '../domain/portal.types';
import { PortalReadService } from '../application/portal-read.service';
import { TicketsService } from '../application/tickets.service';
import { freshnessDto, ticketDto } from './portal.mappers';
import { CreatedTicketDto, CreateTicketDto, TicketListDto } from './dto/tickets.dto';
import { CurrentScope, LinkedCustomer } from './portal-scope.guard';

const KEY_RE = /^[A-Za-z0-9_.:-]{8,100}$/;

@ApiTags('portal')
@LinkedCustomer()
@Controller('api/odoo/tickets')
export class TicketsController {
  constructor(private readonly reads: PortalReadService, private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({ summary: 'Your support tickets (Odoo Helpdesk, or Project tasks where Helpdesk is not installed), including ones still queued' })
  @ApiQuery({ name: 'limit', required: false, example: 50, description: '1–200, default 50' })
  @ApiOkResponse({ type: TicketListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Odoo unavailable and no saved copy yet' })
  async list(@CurrentScope() scope: PartnerScope, @Query('limit') limitRaw?: string): Promise<TicketListDto> {
    const limit = limitRaw === undefined ? 50 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationFailed('limit must be an integer from 1 to 200', { limit: ['1–200'] });
    const r = await this.reads.ticketList(scope, limit);
    return { tickets: r.value.map(ticketDto), freshness: freshnessDto(r.freshness) };
  }

  @Post()
  @ApiOperation({ summary: 'Open a support ticket; queued and created in Odoo later when Odoo is unavailable' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat-safe key (8–100 chars): the same key returns the first ticket' })
  @ApiCreatedResponse({ type: CreatedTicketDto, description: 'Created in Odoo' })
  @ApiAcceptedResponse({ type: CreatedTicketDto, description: 'Saved and queued: Odoo is unavailable, it will be created there shortly' })
  @ApiOkResponse({ type: CreatedTicketDto, description: 'Repeat of an earlier request with the same Idempotency-Key' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Odoo refused the ticket' })
  async create(
    @CurrentScope() scope: PartnerScope,
    @Body() dto: CreateTicketDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('idempotency-key') key?: string,
  ): Promise<CreatedTicketDto> {
    if (key !== undefined && !KEY_RE.test(key)) {
      throw new ValidationFailed('Idempotency-Key must be 8–100 letters, digits or . _ : -', { 'Idempotency-Key': ['invalid'] });
    }
    const r = await this.tickets.create(scope, {
      subject: dto.subject, description: dto.description, priority: dto.priority ?? 'medium', serviceId: dto.service_id,
    }, key);
    res.status(r.duplicate ? 200 : r.queued ? 202 : 201);
    return { ...ticketDto(r.ticket), queued: r.ticket.syncStatus === 'pending' };
  }
}
