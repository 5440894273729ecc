import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { OrdersService } from '../application/orders.service';
import { RefundsService } from '../application/refunds.service';
import { toMinor } from '../domain/money';
import { CreateOrderDto, CreateRefundDto, OrderDetailDto, OrderResultDto, RefundResultDto } from './dto/order.dto';
import { orderDetailDto } from './mappers';

export const REPLAYED_HEADER = 'Idempotent-Replayed';

@ApiTags('loyalty')
@Controller('api/v1/orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService, private readonly refunds: RefundsService) {}

  @Post()
  @ApiKeyAuth('loyalty:write')
  @ApiOperation({
    summary: 'Apply an order: discounts (promo codes, reward, points) and points earned, atomically',
    description: 'Idempotent on orderRef: a replay answers 200 with the stored result (replayed: true) and changes nothing; the same orderRef with different content is a 409.',
  })
  @ApiCreatedResponse({ type: OrderResultDto, description: 'Applied' })
  @ApiOkResponse({ type: OrderResultDto, description: 'Replay of an order already applied' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown program' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'orderRef reused with different content' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Promo code, reward or points payment refused; not enough points; member or card blocked' })
  async create(@Body() dto: CreateOrderDto, @Res({ passthrough: true }) res: Response): Promise<OrderResultDto> {
    const result = await this.orders.apply({
      orderRef: dto.orderRef, source: dto.source ?? 'pos', orderedAt: dto.orderedAt ? new Date(dto.orderedAt) : null, currency: dto.currency ?? null,
      customer: dto.customer, programCode: dto.program ?? null,
      lines: dto.lines.map((l) => ({
        productRef: l.productRef, categoryRef: l.categoryRef ?? null, quantity: l.quantity, unitPriceMinor: toMinor(l.unitPrice), lineDiscountMinor: toMinor(l.lineDiscount ?? 0),
      })),
      promoCodes: dto.promoCodes ?? [], referralCode: dto.referralCode ?? null, redeemPoints: dto.redeemPoints ?? null, rewardId: dto.rewardId ?? null,
    });
    if (result.replayed) res.status(200).setHeader(REPLAYED_HEADER, 'true');
    return result as OrderResultDto;
  }

  @Get(':orderRef')
  @ApiKeyAuth('loyalty:read')
  @ApiOperation({ summary: 'An applied order: what it applied and its refunds' })
  @ApiParam({ name: 'orderRef', example: 'POS%2F2026%2F000123', description: 'URL-encoded order reference' })
  @ApiOkResponse({ type: OrderDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('orderRef') orderRef: string): Promise<OrderDetailDto> {
    const { order, refunds } = await this.orders.get(orderRef);
    return orderDetailDto(order, refunds);
  }

  @Post(':orderRef/refunds')
  @ApiKeyAuth('loyalty:write')
  @ApiOperation({
    summary: 'Refund an order (fully or partly): reverses its points and discount effects in proportion',
    description: 'Idempotent on refundRef. Earned points are taken back (never below zero), redeemed points are given back with their original expiry.',
  })
  @ApiParam({ name: 'orderRef', example: 'POS%2F2026%2F000123' })
  @ApiCreatedResponse({ type: RefundResultDto })
  @ApiOkResponse({ type: RefundResultDto, description: 'Replay of a refund already applied' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'refundRef reused with different content' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Already fully refunded, or more than what is left' })
  async refund(@Param('orderRef') orderRef: string, @Body() dto: CreateRefundDto, @Res({ passthrough: true }) res: Response): Promise<RefundResultDto> {
    const result = await this.refunds.refund({ orderRef, refundRef: dto.refundRef, amountMinor: dto.amount === undefined ? null : toMinor(dto.amount), reason: dto.reason ?? null });
    if (result.replayed) res.status(200).setHeader(REPLAYED_HEADER, 'true');
    return result;
  }
}
