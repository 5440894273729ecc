import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { AppConfig } from '../config';
import { ErrorResponseDto } from '../http/error-response.dto';
import { AccountsService } from './accounts.service';
import { CurrentAccount, PortalAuth } from './auth-policy';
import { AccessTokenDto, AccountDto, LoginDto, RegisterDto } from './dto/auth.dto';
import type { AccountPrincipal } from './principal';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly accounts: AccountsService, private readonly config: AppConfig) {}

  @Post('register')
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Create a portal account' })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Email already registered' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async register(@Body() dto: RegisterDto): Promise<AccountDto> {
    const account = await this.accounts.register(dto.email, dto.password);
    return { id: account.id, email: account.email, role: account.role };
  }

  @Post('login')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Log in and receive a JWT access token' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Invalid email or password' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto })
  async login(@Body() dto: LoginDto): Promise<AccessTokenDto> {
    const { accessToken } = await this.accounts.login(dto.email, dto.password);
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.config.auth.jwtTtl };
  }

  @Get('me')
  @PortalAuth()
  @ApiOperation({ summary: 'The account behind the token' })
  @ApiOkResponse({ type: AccountDto })
  me(@CurrentAccount() account: AccountPrincipal): AccountDto {
    return { id: account.id, email: account.email, role: account.role };
  }
}
