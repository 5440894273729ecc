import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { AppError } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { CartonaAccountsService } from '../application/cartona-accounts.service';
import { ProductMappingService } from '../application/product-mapping.service';
import type { CartonaAccount } from '../persistence/cartona-account.entity';
import { CartonaAccountDto, ConnectionTestDto, CreateCartonaAccountDto, UpdateCartonaAccountDto } from './dto/account.dto';
import { ImportMappingCsvDto, ImportResultDto, LinkFromFieldDto, LinkReportDto, MatchByCodeDto, MatchResultDto } from './dto/mapping.dto';

export const toAccountDto = (a: CartonaAccount): CartonaAccountDto => ({
  id: a.id, name: a.name, isDefault: a.isDefault, enabled: a.enabled, apiBaseUrl: a.apiBaseUrl,
  tokenHint: a.apiToken.length > 8 ? `…${a.apiToken.slice(-4)}` : '…', supplierCode: a.supplierCode, odooWarehouseId: a.odooWarehouseId,
  odooCompanyId: a.odooCompanyId, odooPricelistId: a.odooPricelistId, matchingStrategy: a.matchingStrategy, odooProductField: a.odooProductField,
  internalIdSuffixPolicy: a.internalIdSuffixPolicy, priceFormat: a.priceFormat, pushPrices: a.pushPrices, pushStock: a.pushStock,
  importOrders: a.importOrders, pushStatuses: a.pushStatuses, batchSize: a.batchSize, flushDelayMs: a.flushDelayMs, verifyMode: a.verifyMode,
  timeoutMs: a.timeoutMs, pullPerPage: a.pullPerPage, pullMaxPages: a.pullMaxPages, defaultCancellationReason: a.defaultCancellationReason,
  assignmentField: a.assignmentField, rateLimitedUntil: a.rateLimitedUntil?.toISOString() ?? null,
});

@ApiTags('cartona')
@AdminAuth()
@Controller('api/admin/cartona/accounts')
export class CartonaAccountsController {
  constructor(private readonly accounts: CartonaAccountsService, private readonly mappingService: ProductMappingService) {}

  @Get()
  @ApiOperation({ summary: 'List Cartona supplier accounts (one per Odoo warehouse); tokens are never shown' })
  @ApiOkResponse({ type: [CartonaAccountDto] })
  async list(): Promise<CartonaAccountDto[]> {
    return (await this.accounts.list()).map(toAccountDto);
  }

  @Post()
  @ApiOperation({ summary: 'Add a Cartona supplier account for an Odoo warehouse' })
  @ApiCreatedResponse({ type: CartonaAccountDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Name or warehouse already used' })
  async create(@Body() dto: CreateCartonaAccountDto): Promise<CartonaAccountDto> {
    return toAccountDto(await this.accounts.create(dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One Cartona account' })
  @ApiOkResponse({ type: CartonaAccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<CartonaAccountDto> {
    return toAccountDto(await this.accounts.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an account\'s settings (the default account\'s URL and token come from the environment)' })
  @ApiOkResponse({ type: CartonaAccountDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateCartonaAccountDto): Promise<CartonaAccountDto> {
    return toAccountDto(await this.accounts.update(id, dto));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Disable an account (its links and history are kept)' })
  @ApiOkResponse({ type: CartonaAccountDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async disable(@Param('id', new ParseUUIDPipe()) id: string): Promise<CartonaAccountDto> {
    return toAccountDto(await this.accounts.disable(id));
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Test the token against Cartona (GET supplier-product?page=1&per_page=1)' })
  @ApiOkResponse({ type: ConnectionTestDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async test(@Param('id', new ParseUUIDPipe()) id: string): Promise<ConnectionTestDto> {
    const account = await this.accounts.get(id);
    const started = Date.now();
    try {
      await this.accounts.client(account).listProducts({ page: 1, perPage: 1 });
      return { ok: true, durationMs: Date.now() - started };
    } catch (err) {
      return { ok: false, code: err instanceof AppError ? err.code : 'UNEXPECTED', message: String((err as Error).message), durationMs: Date.now() - started };
    }
  }

  @Post(':id/mappings/import')
  @ApiOperation({ summary: 'Import product links from CSV (odoo_product_id, supplier_product_id, internal_product_id, unlimited_stock); all or nothing' })
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid, duplicate or conflicting rows, each named in details.rows' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async importCsv(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ImportMappingCsvDto): Promise<ImportResultDto> {
    return this.mappingService.importRows(id, this.mappingService.parseCsv(dto.csv));
  }

  @Get(':id/mappings/export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'Export product links with their sync state as CSV' })
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string', example: 'odoo_product_id,supplier_product_id,internal_product_id,unlimited_stock,sync_state,cartona_price,cartona_stock,last_error\n42,110774,,false,synced,12.5,40,\n' } } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  exportCsv(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return this.mappingService.exportCsv(id);
  }

  @Get(':id/mappings/report')
  @ApiOperation({ summary: 'Linked, unlinked (both sides) and conflicting products' })
  @ApiOkResponse({ type: LinkReportDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  report(@Param('id', new ParseUUIDPipe()) id: string): Promise<LinkReportDto> {
    return this.mappingService.report(id);
  }

  @Post(':id/mappings/link-from-odoo-field')
  @ApiOperation({ summary: 'Link from an Odoo product field holding supplier_product_id (x_cartona_id / cartona_id, detected with fields_get)' })
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'No such field in Odoo' })
  linkFromField(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: LinkFromFieldDto): Promise<ImportResultDto> {
    return this.mappingService.linkFromOdooField(id, dto.field);
  }

  @Post(':id/mappings/match')
  @ApiOperation({ summary: 'Match Cartona products to Odoo variants on barcode / internal reference (dry run unless apply)' })
  @ApiCreatedResponse({ type: MatchResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  match(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: MatchByCodeDto): Promise<MatchResultDto> {
    return this.mappingService.matchByCode(id, { apply: dto.apply === true });
  }
}
