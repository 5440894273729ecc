import { Body, Controller, Delete, Get, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { TierSetsAdminService } from '../application/tier-sets-admin.service';
import { CreateTierSetDto, TierFieldsDto, TierSetDto, UpdateTierSetDto } from './dto/tier.dto';
import { tierSetDto } from './mappers';

const REF = { name: 'ref', example: 'RETAIL', description: 'Tier set id or code' };

@ApiTags('loyalty-admin')
@AdminAuth()
@Controller('api/admin/loyalty/tier-sets')
export class AdminTierSetsController {
  constructor(private readonly sets: TierSetsAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create a tier set (ladder, rolling window, downgrade policy) with its tiers' })
  @ApiCreatedResponse({ type: TierSetDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown primary program' })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async create(@Body() dto: CreateTierSetDto): Promise<TierSetDto> {
    const { primaryProgram, ...rest } = dto;
    return tierSetDto(await this.sets.create({ ...rest, primaryProgramCode: primaryProgram }));
  }

  @Get()
  @ApiOperation({ summary: 'List tier sets' })
  @ApiOkResponse({ type: [TierSetDto] })
  async list(): Promise<TierSetDto[]> {
    return Promise.all((await this.sets.list()).map(async (s) => tierSetDto(await this.sets.get(s.id))));
  }

  @Get(':ref')
  @ApiOperation({ summary: 'A tier set with its tiers' })
  @ApiParam(REF)
  @ApiOkResponse({ type: TierSetDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('ref') ref: string): Promise<TierSetDto> {
    return tierSetDto(await this.sets.get(ref));
  }

  @Patch(':ref')
  @ApiOperation({ summary: 'Change a tier set' })
  @ApiParam(REF)
  @ApiOkResponse({ type: TierSetDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(@Param('ref') ref: string, @Body() dto: UpdateTierSetDto): Promise<TierSetDto> {
    const { primaryProgram, ...rest } = dto;
    return tierSetDto(await this.sets.update(ref, { ...rest, primaryProgramCode: primaryProgram }));
  }

  @Put(':ref/tiers/:code')
  @ApiOperation({ summary: 'Create or change one tier of the set' })
  @ApiParam(REF)
  @ApiParam({ name: 'code', example: 'GOLD' })
  @ApiOkResponse({ type: TierSetDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async putTier(@Param('ref') ref: string, @Param('code') code: string, @Body() dto: TierFieldsDto): Promise<TierSetDto> {
    return tierSetDto(await this.sets.upsertTier(ref, code, dto));
  }

  @Delete(':ref/tiers/:code')
  @ApiOperation({ summary: 'Remove a tier (its members have no tier until the next evaluation)' })
  @ApiParam(REF)
  @ApiParam({ name: 'code', example: 'GOLD' })
  @ApiOkResponse({ type: TierSetDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async removeTier(@Param('ref') ref: string, @Param('code') code: string): Promise<TierSetDto> {
    return tierSetDto(await this.sets.removeTier(ref, code));
  }
}
