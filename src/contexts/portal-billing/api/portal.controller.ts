import { Controller, Get, Header, Param, ParseIntPipe, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../../infrastructure/config';
import { ValidationFailed } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { daysBetween } from '../domain/calendar';
import type { PartnerScope } from '../domain/portal.types';
import { combineFreshness } from '../application/freshness';
import { DashboardService } from '../application/dashboard.service';
import { PortalReadService } from '../application/portal-read.service';
import { StatementService } from '../application/statement.service';
import { BillingResponseDto, InvoiceDetailDto } from './dto/billing.dto';
import { DashboardDto } from './dto/dashboard.dto';
import { BillingQueryDto, PageQueryDto, StatementQueryDto } from './dto/list-query.dto';
import { OrderPageDto } from './dto/orders.dto';
import { ProductListDto } from './dto/products.dto';
import { ServicesResponseDto } from './dto/services.dto';
import {
  arrearsDto, freshnessDto, invoiceDto, invoiceLineDto, orderDto, paymentDto, productDto, serviceDto, ticketDto,
} from './portal.mappers';
import { CurrentScope, LinkedCustomer } from './portal-scope.guard';

const UNAVAILABLE = 'Odoo unavailable and no saved copy yet (PORTAL.DATA_UNAVAILABLE); see Retry-After';

function paging(q: PageQueryDto) {
  if (q.from && q.to && daysBetween(q.from, q.to) < 0) throw new ValidationFailed('from must be on or before to', { from: ['must be on or before to'] });
  const page = q.page ?? 1;
  const size = q.page_size ?? 20;
  return { page, size, offset: (page - 1) * size, from: q.from, to: q.to };
}

@ApiTags('portal')
@LinkedCustomer()
@Controller('api/odoo')
export class PortalController {
  constructor(
    private readonly reads: PortalReadService,
    private readonly dashboards: DashboardService,
    private readonly statements: StatementService,
    private readonly config: AppConfig,
  ) {}

  private get payLinkBase(): string | null {
    return this.config.portal.paymentLinks ? this.config.portal.odooPublicUrl : null;
  }

  @Get('dashboard')
  @ApiOperation({ summary: 'Everything for the portal home page: services, arrears, latest invoices, payments, tickets, orders and the catalog' })
  @ApiOkResponse({ type: DashboardDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async dashboard(@CurrentScope() scope: PartnerScope): Promise<DashboardDto> {
    const d = await this.dashboards.load(scope);
    const arrearsByService = new Map(d.arrears.byService.map((a) => [a.serviceKey, a]));
    const sections = { services: d.services, open_invoices: d.open, invoices: d.invoices, payments: d.payments, tickets: d.tickets, orders: d.orders, products: d.products };
    return {
      customer: { partner_id: scope.partnerId, commercial_partner_id: scope.commercialPartnerId, name: scope.partnerName, timezone: scope.timezone },
      services: d.services.value.map((s) => serviceDto(s, arrearsByService.get(s.key))),
      arrears: arrearsDto(d.arrears, d.today, combineFreshness([d.services.freshness, d.open.freshness])),
      recent_invoices: d.invoices.value.items.map((i) => invoiceDto(i, d.today, this.payLinkBase)),
      recent_payments: d.payments.value.items.map(paymentDto),
      tickets: d.tickets.value.map(ticketDto),
      open_tickets: d.openTickets,
      recent_orders: d.orders.value.items.map(orderDto),
      products: d.products.value.map(productDto),
      stale: Object.values(sections).some((s) => s.freshness.stale),
      freshness: Object.fromEntries(Object.entries(sections).map(([k, s]) => [k, freshnessDto(s.freshness)])) as unknown as DashboardDto['freshness'],
    };
  }

  @Get('services')
  @ApiOperation({ summary: 'Active services (subscriptions / recurring lines) with type, fee, next billing date and per-service arrears' })
  @ApiOkResponse({ type: ServicesResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async services(@CurrentScope() scope: PartnerScope): Promise<ServicesResponseDto> {
    const { arrears, services, open } = await this.reads.arrears(scope);
    const byService = new Map(arrears.byService.map((a) => [a.serviceKey, a]));
    return {
      services: services.value.map((s) => serviceDto(s, byService.get(s.key))),
      freshness: freshnessDto(combineFreshness([services.freshness, open.freshness])),
    };
  }

  @Get('billing')
  @ApiOperation({ summary: 'Invoices and payments (paged, date-filtered) and arrears with days overdue in the customer\'s time zone' })
  @ApiOkResponse({ type: BillingResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async billing(@CurrentScope() scope: PartnerScope, @Query() q: BillingQueryDto): Promise<BillingResponseDto> {
    const p = paging(q);
    const status = q.status ?? 'all';
    const [invoices, payments, arrears] = await Promise.all([
      this.reads.invoices(scope, { from: p.from, to: p.to, status, offset: p.offset, limit: p.size }),
      this.reads.payments(scope, { from: p.from, to: p.to, offset: p.offset, limit: p.size }),
      this.reads.arrears(scope),
    ]);
    const today = this.reads.today(scope);
    const period = new URLSearchParams({ ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) }).toString();
    return {
      invoices: {
        items: invoices.value.items.map((i) => invoiceDto(i, today, this.payLinkBase)), total: invoices.value.total, page: p.page, page_size: p.size,
        freshness: freshnessDto(invoices.freshness),
      },
      payments: {
        items: payments.value.items.map(paymentDto), total: payments.value.total, page: p.page, page_size: p.size,
        freshness: freshnessDto(payments.freshness),
      },
      arrears: arrearsDto(arrears.arrears, today, combineFreshness([arrears.services.freshness, arrears.open.freshness])),
      statement_url: `/api/odoo/billing/statement${period ? `?${period}` : ''}`,
      stale: [invoices, payments, arrears.services, arrears.open].some((s) => s.freshness.stale),
      filter: { ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}), status },
    };
  }

  @Get('billing/statement')
  @ApiOperation({ summary: 'Download the account statement for a period as a PDF' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The statement (application/pdf)', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  @Header('Cache-Control', 'private, no-store')
  async statement(@CurrentScope() scope: PartnerScope, @Query() q: StatementQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const s = await this.statements.build(scope, q.from, q.to);
    res.setHeader('X-Data-Stale', String(s.freshness.stale));
    res.setHeader('X-Data-As-Of', s.freshness.asOf.toISOString());
    return new StreamableFile(s.pdf, { type: 'application/pdf', disposition: `attachment; filename="statement-${s.from}-${s.to}.pdf"`, length: s.pdf.length });
  }

  @Get('billing/invoices/:id')
  @ApiOperation({ summary: 'One of your invoices with its lines and its Odoo portal payment link' })
  @ApiOkResponse({ type: InvoiceDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such invoice among yours' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async invoice(@CurrentScope() scope: PartnerScope, @Param('id', new ParseIntPipe({ errorHttpStatusCode: 400 })) id: number): Promise<InvoiceDetailDto> {
    if (id < 1 || id > 2_147_483_647) throw new ValidationFailed('id must be a positive invoice id', { id: ['out of range'] });
    const [detail, services] = await Promise.all([this.reads.invoice(scope, id), this.reads.services(scope).catch(() => null)]);
    const today = this.reads.today(scope);
    return {
      ...invoiceDto(detail.value.invoice, today, this.payLinkBase),
      lines: detail.value.lines.map((l) => invoiceLineDto(l, services?.value ?? [])),
      freshness: freshnessDto(detail.freshness),
    };
  }

  @Get('orders')
  @ApiOperation({ summary: 'Order history with tracking stage and progress (from order, delivery and invoice state)' })
  @ApiOkResponse({ type: OrderPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async orders(@CurrentScope() scope: PartnerScope, @Query() q: PageQueryDto): Promise<OrderPageDto> {
    const p = paging(q);
    const r = await this.reads.orders(scope, { from: p.from, to: p.to, offset: p.offset, limit: p.size });
    return { items: r.value.items.map(orderDto), total: r.value.total, page: p.page, page_size: p.size, freshness: freshnessDto(r.freshness) };
  }

  @Get('products')
  @ApiOperation({ summary: 'The sellable catalog with prices (Starlink kits included); cached briefly' })
  @ApiOkResponse({ type: ProductListDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: UNAVAILABLE })
  async products(): Promise<ProductListDto> {
    const r = await this.reads.products();
    return { products: r.value.map(productDto), freshness: freshnessDto(r.freshness) };
  }
}
