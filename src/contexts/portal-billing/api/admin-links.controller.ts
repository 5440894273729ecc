import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Repository } from 'typeorm';
import { Account, AdminAuth, CurrentPrincipal, type Principal } from '../../../infrastructure/auth';
import { NotFound, ValidationFailed } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { LinkingService } from '../application/linking.service';
import { PortalJobsService } from '../application/portal-jobs.service';
import { PartnerLinkRepository } from '../persistence/partner-link.repository';
import { AdminLinkDto, AdminLinkDtoOut, AdminLinkListDto, AdminLinkQueryDto } from './dto/link.dto';
import { adminLinkDto } from './portal.mappers';

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/portal/links')
export class AdminLinksController {
  constructor(
    private readonly linking: LinkingService,
    private readonly links: PartnerLinkRepository,
    private readonly jobs: PortalJobsService,
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List portal account ↔ Odoo partner links' })
  @ApiOkResponse({ type: AdminLinkListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async list(@Query() q: AdminLinkQueryDto): Promise<AdminLinkListDto> {
    const size = q.page_size ?? 50;
    const [rows, total] = await this.links.list({ partnerId: q.partner_id, commercialPartnerId: q.commercial_partner_id, offset: ((q.page ?? 1) - 1) * size, limit: size });
    return { items: rows.map(adminLinkDto), total };
  }

  @Post()
  @ApiOperation({ summary: 'Link a portal account to an Odoo partner (support desk; no customer proof needed)' })
  @ApiCreatedResponse({ type: AdminLinkDtoOut })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown account or Odoo partner' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Account already linked (send replace) or partner linked to another account' })
  async link(@Body() dto: AdminLinkDto, @CurrentPrincipal() admin: Principal): Promise<AdminLinkDtoOut> {
    if (!!dto.account_id === !!dto.email) throw new ValidationFailed('Send exactly one of account_id or email', { account_id: ['account_id or email'] });
    const account = dto.account_id
      ? await this.accounts.findOneBy({ id: dto.account_id })
      : await this.accounts.findOneBy({ email: dto.email!.trim().toLowerCase() });
    if (!account) throw new NotFound('Portal account not found', 'PORTAL.ACCOUNT_NOT_FOUND');
    const link = await this.linking.adminLink({ accountId: account.id, partnerId: dto.partner_id, adminId: admin.id, replace: dto.replace ?? false });
    await this.jobs.refreshCustomer(link.commercialPartnerId).catch(() => undefined);
    return adminLinkDto(link);
  }

  @Delete(':accountId')
  @ApiOperation({ summary: 'Unlink a portal account from its Odoo partner' })
  @ApiOkResponse({ type: AdminLinkDtoOut })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async unlink(@Param('accountId', new ParseUUIDPipe()) accountId: string, @CurrentPrincipal() admin: Principal): Promise<AdminLinkDtoOut> {
    return adminLinkDto(await this.linking.unlink(accountId, admin.id));
  }
}
