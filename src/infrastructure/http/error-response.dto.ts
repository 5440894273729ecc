import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. Never carries a stack trace. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'VALIDATION.FAILED', description: 'Stable machine-readable code' }) code: string;
  @ApiProperty({ example: 'Request validation failed' }) message: string;
  @ApiPropertyOptional({ example: { email: ['email must be an email'] }, type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
  @ApiProperty({ example: '5f1c2d9e-8a4b-4c1e-9d3f-2b7a6e0c1f4a' }) requestId: string;
}
