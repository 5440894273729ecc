import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../http/error-response.dto';
import type { ApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { AdminAuth } from './auth-policy';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

const toDto = (k: ApiKey): ApiKeyDto => ({
  id: k.id, name: k.name, prefix: k.prefix, scopes: k.scopes, ownerType: k.ownerType, ownerRef: k.ownerRef,
  createdAt: k.createdAt.toISOString(), expiresAt: k.expiresAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null, lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

@ApiTags('admin')
@AdminAuth()
@Controller('api/admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for a partner or device (the key is shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(@Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, apiKey } = await this.keys.create({
      name: dto.name, scopes: dto.scopes, ownerType: dto.ownerType, ownerRef: dto.ownerRef,
      expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : undefined,
    });
    return { ...toDto(apiKey), key };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys (secrets are never shown again)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(toDto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<ApiKeyDto> {
    return toDto(await this.keys.revoke(id));
  }
}
