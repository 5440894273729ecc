import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentAccount, PortalAuth, type AccountPrincipal } from '../../../infrastructure/auth';
import { Forbidden } from '../../../infrastructure/errors';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { LinkingService, secondFactOf } from '../application/linking.service';
import { PortalJobsService } from '../application/portal-jobs.service';
import { CustomerLinkDto, LinkCustomerDto } from './dto/link.dto';
import { customerLinkDto } from './portal.mappers';

@ApiTags('portal')
@PortalAuth()
@Controller('api/odoo/link-customer')
export class LinkController {
  constructor(private readonly linking: LinkingService, private readonly jobs: PortalJobsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Link your portal account to your customer record',
    description: 'Your account email must be the one on your customer record, and you prove it is yours with your customer reference or the number of one of your invoices. Failed attempts are limited.',
  })
  @ApiOkResponse({ type: CustomerLinkDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already linked, or the customer record belongs to another account' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Details could not be verified (PORTAL.LINK_NOT_VERIFIED)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Too many failed attempts (PORTAL.LINK_RATE_LIMITED); see Retry-After' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Odoo unavailable' })
  async link(@CurrentAccount() account: AccountPrincipal, @Body() dto: LinkCustomerDto, @Req() req: Request): Promise<CustomerLinkDto> {
    if (account.kind !== 'account') throw new Forbidden('Linking needs a customer login', 'PORTAL.CUSTOMER_LOGIN_REQUIRED');
    const link = await this.linking.link({
      accountId: account.id, accountEmail: account.email, claimedEmail: dto.email, fact: secondFactOf(dto), ip: req.ip ?? null,
    });
    await this.jobs.refreshCustomer(link.commercialPartnerId).catch(() => undefined);
    return customerLinkDto(link);
  }

  @Get()
  @ApiOperation({ summary: 'Whether your account is linked, and to which customer' })
  @ApiOkResponse({ type: CustomerLinkDto })
  async status(@CurrentAccount() account: AccountPrincipal): Promise<CustomerLinkDto> {
    return customerLinkDto(await this.linking.current(account.id));
  }
}
