import { ApiProperty } from '@nestjs/swagger';

export class SessionDto {
  @ApiProperty({ example: 'admin@example.com' }) email: string;
  @ApiProperty({ example: 'admin', enum: ['admin'] }) role: string;
  @ApiProperty({ example: '2026-11-23T00:03:10.000Z', description: 'When the cookie and its token expire' }) expiresAt: string;
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…', description: 'The same JWT, for API calls made by the admin UI' })
  access_token: string;
}
