import { Body, Controller, Delete, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppConfig } from '../config';
import { Forbidden } from '../errors';
import { ErrorResponseDto } from '../http/error-response.dto';
import { AccountsService } from './accounts.service';
import { AdminSessionService, ttlToMs } from './admin-session.service';
import { LoginDto } from './dto/auth.dto';
import { SessionDto } from './dto/session.dto';

@ApiTags('auth')
@Controller('api/auth/session')
export class SessionController {
  constructor(private readonly accounts: AccountsService, private readonly sessions: AdminSessionService, private readonly config: AppConfig) {}

  @Post()
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Admin browser login: sets the HttpOnly, SameSite=Strict session cookie used by the admin UIs (/admin/queues, /console)',
    description: 'The cookie is accepted only by admin UI routes, never by the JSON API (send the bearer token there).',
  })
  @ApiOkResponse({ type: SessionDto, headers: { 'Set-Cookie': { description: 'hub_admin_session=<jwt>; HttpOnly; SameSite=Strict; Path=/', schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Invalid email or password' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an administrator' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async create(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const { accessToken, account } = await this.accounts.login(dto.email, dto.password);
    if (account.role !== 'admin') throw new Forbidden('Only administrators can open an admin session', 'AUTH.ADMIN_ONLY');
    this.sessions.setCookie(req, res, accessToken);
    return {
      email: account.email, role: account.role, access_token: accessToken,
      expiresAt: new Date(Date.now() + ttlToMs(this.config.auth.jwtTtl)).toISOString(),
    };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out of the admin UIs: clears the session cookie' })
  @ApiNoContentResponse({ description: 'Cookie cleared (also when there was none)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  remove(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    this.sessions.clearCookie(req, res);
  }
}
