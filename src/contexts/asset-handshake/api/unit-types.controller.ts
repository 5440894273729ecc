import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { UnitTypesService } from '../application/unit-types.service';
import { CreateUnitTypeRuleDto, toUnitTypeRuleDto, UnitTypeRuleDto, UpdateUnitTypeRuleDto } from './dto/unit-type.dto';

@ApiTags('asset-handshake')
@AdminAuth()
@Controller('api/admin/asset-handshake/unit-types')
export class UnitTypesController {
  constructor(private readonly unitTypes: UnitTypesService) {}

  @Get()
  @ApiOperation({ summary: 'The product-unit type table: which flow each product line triggers' })
  @ApiOkResponse({ type: [UnitTypeRuleDto] })
  async list(): Promise<UnitTypeRuleDto[]> {
    return (await this.unitTypes.list()).map(toUnitTypeRuleDto);
  }

  @Post()
  @ApiOperation({ summary: 'Add a rule (match a product by id, reference, reference prefix or category)' })
  @ApiCreatedResponse({ type: UnitTypeRuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A rule with this match exists' })
  async create(@Body() dto: CreateUnitTypeRuleDto): Promise<UnitTypeRuleDto> {
    return toUnitTypeRuleDto(await this.unitTypes.create(dto));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a rule' })
  @ApiOkResponse({ type: UnitTypeRuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUnitTypeRuleDto): Promise<UnitTypeRuleDto> {
    return toUnitTypeRuleDto(await this.unitTypes.update(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a rule (the product falls back to its Odoo type)' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.unitTypes.remove(id);
  }
}
