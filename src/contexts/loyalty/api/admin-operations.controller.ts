import { Body, Controller, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam,
  ApiProduces, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminAuth } from '../../../infrastructure/auth';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { MembersService } from '../application/members.service';
import { PointsService } from '../application/points.service';
import { ReportsService, type Report, type ReportQuery } from '../application/reports.service';
import { TiersService } from '../application/tiers.service';
import { MemberStatusDto, SetMemberTierDto, TierChangeDtoOrNull } from './dto/admin.dto';
import { AdjustPointsDto, PointsMoveDto } from './dto/points.dto';
import { PromotionReportDto, ReferralReportDto, ReportQueryDto, SummaryReportDto } from './dto/report.dto';
import { moveDto } from './mappers';
import { REPLAYED_HEADER } from './orders.controller';

const MEMBER_PARAM = { name: 'ref', example: 'odoo:42', description: 'Member id (uuid), odoo:<partner id>, or the external reference' };

@ApiTags('loyalty-admin')
@AdminAuth()
@Controller('api/admin/loyalty')
export class AdminOperationsController {
  constructor(
    private readonly members: MembersService,
    private readonly tiers: TiersService,
    private readonly points: PointsService,
    private readonly reports: ReportsService,
  ) {}

  @Patch('members/:ref/status')
  @ApiOperation({ summary: 'Block or unblock a member (a blocked member neither earns nor redeems)' })
  @ApiParam(MEMBER_PARAM)
  @ApiOkResponse({ type: MemberStatusDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async setStatus(@Param('ref') ref: string, @Body() dto: MemberStatusDto): Promise<MemberStatusDto> {
    return { status: (await this.members.setStatus(ref, dto.status)).status };
  }

  @Put('members/:ref/tier')
  @ApiOperation({ summary: 'Put a member in a tier by hand (recorded as an admin change; the next evaluation applies the rules again)' })
  @ApiParam(MEMBER_PARAM)
  @ApiOkResponse({ type: TierChangeDtoOrNull })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async setTier(@Param('ref') ref: string, @Body() dto: SetMemberTierDto): Promise<TierChangeDtoOrNull> {
    return { change: await this.tiers.setTier(ref, dto.tierSetId, dto.tierId) };
  }

  @Post('points/adjust')
  @ApiOperation({ summary: 'Correct a balance with a signed adjustment (never below zero; idempotent on card and reference)' })
  @ApiCreatedResponse({ type: PointsMoveDto })
  @ApiOkResponse({ type: PointsMoveDto, description: 'Replay' })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Not enough points for a negative adjustment' })
  async adjust(@Body() dto: AdjustPointsDto, @Res({ passthrough: true }) res: Response): Promise<PointsMoveDto> {
    const r = await this.points.adjust({ cardRef: dto.cardId, points: dto.points, reference: dto.reference, reason: dto.reason });
    if (r.replayed) res.status(200).setHeader(REPLAYED_HEADER, 'true');
    return moveDto(r);
  }

  @Get('reports/summary')
  @ApiOperation({ summary: 'Loyalty summary per program and period: points by kind, orders, revenue, liability (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: SummaryReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async summary(@Query() q: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SummaryReportDto | string> {
    const r = await this.reports.summary(this.query(q));
    return this.render(r, q, req, res, ['programCode', 'period', 'pointsEarned', 'pointsRedeemed', 'pointsExpired', 'pointsAdjusted', 'pointsReversed', 'orders', 'revenue', 'discounts', 'refunded', 'activeMembers', 'newCards', 'outstandingPoints', 'cards']);
  }

  @Get('reports/promotions')
  @ApiOperation({ summary: 'Promotion results per program, code and period (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: PromotionReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async promotions(@Query() q: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PromotionReportDto | string> {
    const r = await this.reports.promotions(this.query(q));
    return this.render(r, q, req, res, ['programCode', 'promoCode', 'promoName', 'period', 'uses', 'reversedUses', 'members', 'discount', 'discountReversed', 'bonusPoints', 'revenue']);
  }

  @Get('reports/referrals')
  @ApiOperation({ summary: 'Referral codes: referrals per referrer, rewarded, pending, reversed, points and referee revenue (JSON or CSV)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: ReferralReportDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async referrals(@Query() q: ReportQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<ReferralReportDto | string> {
    const r = await this.reports.referrals(this.query(q));
    return this.render(r, q, req, res, ['referralCode', 'memberId', 'memberName', 'referrals', 'rewarded', 'pending', 'reversed', 'referrerPoints', 'refereePoints', 'refereeRevenue']);
  }

  private query(q: ReportQueryDto): ReportQuery {
    return { from: new Date(q.from), to: new Date(q.to), period: q.period ?? 'total', programCode: q.program ?? null };
  }

  private render<T extends object>(r: Report<T>, q: ReportQueryDto, req: Request, res: Response, columns: Array<keyof T & string>): Report<T> | string {
    const csv = q.format === 'csv' || (!q.format && /\btext\/csv\b/.test(String(req.headers.accept ?? '')));
    if (!csv) return r;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="loyalty-${r.report}-${r.from.slice(0, 10)}-${r.to.slice(0, 10)}.csv"`);
    return this.reports.toCsv(r, columns);
  }
}
