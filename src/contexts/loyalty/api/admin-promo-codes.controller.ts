import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { PromoCodesService } from '../application/promo-codes.service';
import { CreatePromoCodeDto, ListPromoCodesQueryDto, PromoCodeDto, PromoCodePageDto, UpdatePromoCodeDto } from './dto/promo.dto';
import { dateOrNull, promoDto } from './mappers';

@ApiTags('loyalty-admin')
@AdminAuth()
@Controller('api/admin/loyalty/promo-codes')
export class AdminPromoCodesController {
  constructor(private readonly promos: PromoCodesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a promo code (validity, usage limits per code and per member)' })
  @ApiCreatedResponse({ type: PromoCodeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown program' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Code already exists' })
  async create(@Body() dto: CreatePromoCodeDto): Promise<PromoCodeDto> {
    const { program, ...rest } = dto;
    return promoDto(await this.promos.create({ ...rest, programCode: program, validFrom: dateOrNull(dto.validFrom), validTo: dateOrNull(dto.validTo) }));
  }

  @Get()
  @ApiOperation({ summary: 'List promo codes' })
  @ApiOkResponse({ type: PromoCodePageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() q: ListPromoCodesQueryDto): Promise<PromoCodePageDto> {
    const { items, total } = await this.promos.list({ active: q.active, programCode: q.program, limit: q.limit, offset: q.offset });
    return { items: items.map(promoDto), total };
  }

  @Get(':ref')
  @ApiOperation({ summary: 'A promo code with its use count' })
  @ApiParam({ name: 'ref', example: 'WELCOME10', description: 'Promo code id or code' })
  @ApiOkResponse({ type: PromoCodeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('ref') ref: string): Promise<PromoCodeDto> {
    return promoDto(await this.promos.get(ref));
  }

  @Patch(':ref')
  @ApiOperation({ summary: 'Change a promo code (e.g. extend, limit, deactivate)' })
  @ApiParam({ name: 'ref', example: 'WELCOME10' })
  @ApiOkResponse({ type: PromoCodeDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(@Param('ref') ref: string, @Body() dto: UpdatePromoCodeDto): Promise<PromoCodeDto> {
    const { program, ...rest } = dto;
    return promoDto(await this.promos.update(ref, { ...rest, programCode: program, validFrom: dateOrNull(dto.validFrom), validTo: dateOrNull(dto.validTo) }));
  }
}
