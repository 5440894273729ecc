import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { ProgramsAdminService } from '../application/programs-admin.service';
import { CreateProgramDto, CreateRewardDto, CreateRuleDto, ProgramDetailDto, ProgramDto, RewardDto, RuleDto, SetActiveDto, UpdateProgramDto } from './dto/program.dto';
import { dateOrNull, programDetailDto, programDto, rewardDto, ruleDto } from './mappers';

const REF = { name: 'ref', example: 'RETAIL', description: 'Program id or code' };

@ApiTags('loyalty-admin')
@AdminAuth()
@Controller('api/admin/loyalty/programs')
export class AdminProgramsController {
  constructor(private readonly programs: ProgramsAdminService) {}

  @Post()
  @ApiOperation({ summary: 'Create a loyalty program' })
  @ApiCreatedResponse({ type: ProgramDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Code already used' })
  async create(@Body() dto: CreateProgramDto): Promise<ProgramDto> {
    return programDto(await this.programs.create({ ...dto, validFrom: dateOrNull(dto.validFrom), validTo: dateOrNull(dto.validTo) }));
  }

  @Get()
  @ApiOperation({ summary: 'List programs' })
  @ApiOkResponse({ type: [ProgramDto] })
  async list(): Promise<ProgramDto[]> {
    return (await this.programs.list()).map(programDto);
  }

  @Get(':ref')
  @ApiOperation({ summary: 'A program with its earning rules and rewards' })
  @ApiParam(REF)
  @ApiOkResponse({ type: ProgramDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('ref') ref: string): Promise<ProgramDetailDto> {
    return programDetailDto(await this.programs.get(ref));
  }

  @Patch(':ref')
  @ApiOperation({ summary: 'Change a program' })
  @ApiParam(REF)
  @ApiOkResponse({ type: ProgramDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async update(@Param('ref') ref: string, @Body() dto: UpdateProgramDto): Promise<ProgramDto> {
    return programDto(await this.programs.update(ref, { ...dto, validFrom: dateOrNull(dto.validFrom), validTo: dateOrNull(dto.validTo) }));
  }

  @Post(':ref/rules')
  @ApiOperation({ summary: 'Add an earning rule (per order, product or category)' })
  @ApiParam(REF)
  @ApiCreatedResponse({ type: RuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async addRule(@Param('ref') ref: string, @Body() dto: CreateRuleDto): Promise<RuleDto> {
    return ruleDto(await this.programs.addRule(ref, { ...dto, validFrom: dateOrNull(dto.validFrom), validTo: dateOrNull(dto.validTo) }));
  }

  @Patch(':ref/rules/:ruleId')
  @ApiOperation({ summary: 'Switch an earning rule on or off' })
  @ApiParam(REF)
  @ApiOkResponse({ type: RuleDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async setRule(@Param('ref') ref: string, @Param('ruleId', new ParseUUIDPipe()) ruleId: string, @Body() dto: SetActiveDto): Promise<RuleDto> {
    return ruleDto(await this.programs.setRuleActive(ref, ruleId, dto.active));
  }

  @Post(':ref/rewards')
  @ApiOperation({ summary: 'Add a reward members can claim with points' })
  @ApiParam(REF)
  @ApiCreatedResponse({ type: RewardDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async addReward(@Param('ref') ref: string, @Body() dto: CreateRewardDto): Promise<RewardDto> {
    return rewardDto(await this.programs.addReward(ref, dto));
  }

  @Patch(':ref/rewards/:rewardId')
  @ApiOperation({ summary: 'Switch a reward on or off' })
  @ApiParam(REF)
  @ApiOkResponse({ type: RewardDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async setReward(@Param('ref') ref: string, @Param('rewardId', new ParseUUIDPipe()) rewardId: string, @Body() dto: SetActiveDto): Promise<RewardDto> {
    return rewardDto(await this.programs.setRewardActive(ref, rewardId, dto.active));
  }
}
