import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { CartonaAccountsService } from '../application/cartona-accounts.service';
import { OrderImportService } from '../application/order-import.service';
import { OrderPullService } from '../application/order-pull.service';
import { OrderStatusService } from '../application/order-status.service';
import { ProductChangeService } from '../application/product-change.service';
import { ProductPushService } from '../application/product-push.service';
import { SyncDashboardService } from '../application/sync-dashboard.service';
import { CartonaOrderNotFound } from '../domain/cartona-sync.errors';
import type { CartonaOrderLink } from '../persistence/cartona-order-link.entity';
import type { CartonaProductMapping } from '../persistence/cartona-product-mapping.entity';
import { OrderLinkRepository } from '../persistence/order-link.repository';
import { ProductMappingRepository } from '../persistence/product-mapping.repository';
import { SyncErrorRepository } from '../persistence/sync-error.repository';
import {
  ActionResultDto, CancelOrderDto, DashboardDto, ErrorQueryDto, OrderQueryDto, OrderSyncDto, OrderSyncPageDto, ProductQueryDto, ProductSyncPageDto,
  RetailerOtpDto, RetryResultDto, SyncErrorPageDto,
} from './dto/sync.dto';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const toOrderDto = (o: CartonaOrderLink): OrderSyncDto => ({
  hashedId: o.hashedId, accountId: o.accountId, state: o.state, cartonaStatus: o.cartonaStatus, odooOrderId: o.odooOrderId, odooOrderName: o.odooOrderName,
  odooState: o.odooState, acknowledged: o.ackedHash === o.payloadHash, errorCode: o.errorCode, lastError: o.lastError, statusPushState: o.statusPushState,
  statusTarget: o.statusTarget, statusPushError: o.statusPushError, paymentMethod: o.paymentMethod, needsOtp: o.needsOtp,
  firstSeenAt: o.firstSeenAt.toISOString(), lastSeenAt: o.lastSeenAt.toISOString(),
});
const toProductDto = (m: CartonaProductMapping) => ({
  id: m.id, accountId: m.accountId, odooProductId: m.odooProductId, supplierProductId: m.supplierProductId, internalProductId: m.internalProductId,
  syncState: m.syncState, cartonaPrice: m.cartonaPrice, cartonaStock: m.cartonaStock, pendingPrice: m.pendingPrice, pendingStock: m.pendingStock,
  pendingSince: iso(m.pendingSince), attempts: m.attempts, lastError: m.lastError, lastPushedAt: iso(m.lastPushedAt), confirmedAt: iso(m.confirmedAt),
});

@ApiTags('cartona')
@AdminAuth()
@Controller('api/admin/cartona')
export class CartonaSyncController {
  constructor(
    private readonly dashboard: SyncDashboardService,
    private readonly mappings: ProductMappingRepository,
    private readonly links: OrderLinkRepository,
    private readonly errors: SyncErrorRepository,
    private readonly imports: OrderImportService,
    private readonly status: OrderStatusService,
    private readonly pull: OrderPullService,
    private readonly push: ProductPushService,
    private readonly changes: ProductChangeService,
    private readonly accounts: CartonaAccountsService,
  ) {}

  @Get('dashboard')
  @ApiOperation({ summary: 'Sync overview per account: counts, open errors, lag, last successes' })
  @ApiOkResponse({ type: DashboardDto })
  overview(): Promise<DashboardDto> {
    return this.dashboard.overview();
  }

  @Get('products')
  @ApiOperation({ summary: 'Per-product sync state (what Cartona holds, what is pending, last error)' })
  @ApiOkResponse({ type: ProductSyncPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async products(@Query() q: ProductQueryDto): Promise<ProductSyncPageDto> {
    const qb = this.mappings.repo.createQueryBuilder('m').orderBy('m.updated_at', 'DESC').take(q.limit ?? 50).skip(q.offset ?? 0);
    if (q.accountId) qb.andWhere('m.account_id = :a', { a: q.accountId });
    if (q.state) qb.andWhere('m.sync_state = :s', { s: q.state });
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toProductDto), total };
  }

  @Get('orders')
  @ApiOperation({ summary: 'Per-order sync state (import, acknowledgement, status push)' })
  @ApiOkResponse({ type: OrderSyncPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async orders(@Query() q: OrderQueryDto): Promise<OrderSyncPageDto> {
    const [rows, total] = await this.links.list({
      accountId: q.accountId, state: q.state as never, statusPushState: q.statusPushState, limit: q.limit ?? 50, offset: q.offset ?? 0,
    });
    return { items: rows.map(toOrderDto), total };
  }

  @Get('orders/:hashedId')
  @ApiOperation({ summary: 'One Cartona order\'s sync state' })
  @ApiOkResponse({ type: OrderSyncDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async order(@Param('hashedId') hashedId: string): Promise<OrderSyncDto> {
    const link = await this.links.find(hashedId);
    if (!link) throw new CartonaOrderNotFound(hashedId);
    return toOrderDto(link);
  }

  @Post('orders/:hashedId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import a held, failed or conflicting order again from its stored content (after fixing a mapping)' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Odoo unavailable' })
  async replay(@Param('hashedId') hashedId: string): Promise<ActionResultDto> {
    return { result: await this.imports.replay(hashedId) };
  }

  @Post('orders/:hashedId/retailer-otp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the retailer\'s OTP for a delivered installment / wallet top-up order; sends `delivered` with it' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async otp(@Param('hashedId') hashedId: string, @Body() dto: RetailerOtpDto): Promise<ActionResultDto> {
    return { result: await this.status.setRetailerOtp(hashedId, dto.retailerOtp) };
  }

  @Post('orders/:hashedId/deliver')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deliver with the retailer OTP: Cartona checks the OTP first, then the Odoo delivery is validated' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Cartona refused (wrong OTP)' })
  async deliver(@Param('hashedId') hashedId: string, @Body() dto: RetailerOtpDto): Promise<ActionResultDto> {
    await this.status.deliverWithOtp(hashedId, dto.retailerOtp);
    return { result: 'delivered' };
  }

  @Post('orders/:hashedId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel in Odoo and on Cartona (cancelled_by_supplier) with one of Cartona\'s reasons' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async cancel(@Param('hashedId') hashedId: string, @Body() dto: CancelOrderDto): Promise<ActionResultDto> {
    await this.status.cancel(hashedId, dto.reason);
    return { result: 'cancelled' };
  }

  @Get('errors')
  @ApiOperation({ summary: 'Open sync errors, newest first' })
  @ApiOkResponse({ type: SyncErrorPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async listErrors(@Query() q: ErrorQueryDto): Promise<SyncErrorPageDto> {
    const [rows, total] = await this.errors.list({ accountId: q.accountId, kind: q.kind as never, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return {
      items: rows.map((e) => ({ ...e, firstAt: e.firstAt.toISOString(), lastAt: e.lastAt.toISOString(), resolvedAt: undefined }) as never),
      total,
    };
  }

  @Post('errors/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry what one error is about' })
  @ApiOkResponse({ type: RetryResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async retryOne(@Param('id', new ParseUUIDPipe()) id: string): Promise<RetryResultDto> {
    return { retried: await this.dashboard.retryError(id) };
  }

  @Post('retry-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retry every open error and every product push given up on' })
  @ApiOkResponse({ type: RetryResultDto })
  async retryAll(): Promise<RetryResultDto> {
    return { retried: await this.dashboard.retryAll() };
  }

  @Post('accounts/:id/pull')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pull orders from Cartona now' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async pullNow(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActionResultDto> {
    return { result: 'pulled', details: await this.pull.pullAll(id) };
  }

  @Post('accounts/:id/push')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send every pending price/stock change now' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async pushNow(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActionResultDto> {
    return { result: 'pushed', details: await this.push.flush(id, true) };
  }

  @Post('accounts/:id/resync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Full resync: send every sellable product\'s current price and stock' })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  async resync(@Param('id', new ParseUUIDPipe()) id: string): Promise<ActionResultDto> {
    await this.accounts.get(id);
    return { result: 'resynced', details: await this.changes.fullResync(id) };
  }
}
