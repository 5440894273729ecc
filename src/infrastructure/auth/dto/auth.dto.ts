import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ example: 'amina@example.com' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'correct horse battery staple', minLength: 10, maxLength: 128 })
  @IsString() @MinLength(10) @MaxLength(128) password: string;
}

export class LoginDto {
  @ApiProperty({ example: 'amina@example.com' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'correct horse battery staple' }) @IsString() @MinLength(1) @MaxLength(128) password: string;
}

export class AccessTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…' }) access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ example: '12h' }) expires_in: string;
}

export class AccountDto {
  @ApiProperty({ example: '0b6f3c8e-1f7a-4a57-9a43-5cbbf1b0a8d2' }) id: string;
  @ApiProperty({ example: 'amina@example.com' }) email: string;
  @ApiProperty({ example: 'customer', enum: ['customer', 'admin'] }) role: string;
}
