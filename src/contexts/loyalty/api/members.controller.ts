import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiKeyAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { EnrollmentService } from '../application/enrollment.service';
import { MembersService } from '../application/members.service';
import { TiersService } from '../application/tiers.service';
import { EnrollMemberDto, EnrollResultDto, MemberDto, TierHistoryPageDto, TierHistoryQueryDto } from './dto/member.dto';
import { memberDto } from './mappers';

const MEMBER_PARAM = { name: 'ref', example: 'odoo:42', description: 'Member id (uuid), odoo:<partner id>, or the external reference' };

@ApiTags('loyalty')
@Controller('api/v1/members')
export class MembersController {
  constructor(private readonly members: MembersService, private readonly enrollment: EnrollmentService, private readonly tiers: TiersService) {}

  @Post()
  @ApiKeyAuth('loyalty:write')
  @ApiOperation({ summary: 'Enrol a customer (idempotent: an existing member is returned unchanged), optionally with who referred them' })
  @ApiCreatedResponse({ type: EnrollResultDto })
  @ApiOkResponse({ type: EnrollResultDto, description: 'Already a member' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown program' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Unknown referral code or inactive program' })
  async enroll(@Body() dto: EnrollMemberDto, @Res({ passthrough: true }) res: Response): Promise<EnrollResultDto> {
    const { program, referralCode, ...who } = dto;
    const r = await this.enrollment.enroll({ ...who, programCode: program ?? null, referralCode: referralCode ?? null });
    if (!r.created) res.status(200);
    return { ...(await this.view(r.member.id)), created: r.created, ...(r.referral ? { referral: r.referral } : {}) };
  }

  @Get(':ref')
  @ApiKeyAuth('loyalty:read')
  @ApiOperation({ summary: 'A member with cards, balances, tiers (live window totals) and referral code' })
  @ApiParam(MEMBER_PARAM)
  @ApiOkResponse({ type: MemberDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('ref') ref: string): Promise<MemberDto> {
    return this.view(ref);
  }

  @Get(':ref/tier-history')
  @ApiKeyAuth('loyalty:read')
  @ApiOperation({ summary: "A member's tier changes, newest first" })
  @ApiParam(MEMBER_PARAM)
  @ApiOkResponse({ type: TierHistoryPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async tierHistory(@Param('ref') ref: string, @Query() q: TierHistoryQueryDto): Promise<TierHistoryPageDto> {
    const m = await this.members.memberByRef(this.members.dataSource.manager, ref);
    const rows = await this.tiers.history(m.id, q.limit + 1, q.cursor ?? null);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    return {
      items: page.map((r) => ({
        id: r.id, tierSetCode: r.tierSetCode, from: r.fromCode, to: r.toCode, reason: r.reason, qualifyingAmount: Number(r.qualifyingAmount),
        windowStart: r.windowStart.toISOString(), windowEnd: r.windowEnd.toISOString(), changedAt: r.changedAt.toISOString(), odooStatus: r.odooStatus,
      })),
      nextCursor: more ? page[page.length - 1].id : null,
    };
  }

  private async view(ref: string): Promise<MemberDto> {
    const em = this.members.dataSource.manager;
    const m = await this.members.memberByRef(em, ref);
    const [cards, tiers] = await Promise.all([this.members.cardsOf(em, m.id), this.tiers.memberTiers(em, m.id)]);
    return memberDto(m, cards, tiers);
  }
}
