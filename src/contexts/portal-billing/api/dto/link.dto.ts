import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export class LinkCustomerDto {
  @ApiPropertyOptional({ example: 'amina@example.com', description: 'Optional; must be the logged-in account\'s own email' })
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;

  @ApiPropertyOptional({ example: 'CUST-00042', description: 'Your customer reference (as printed on your invoices). Send this or invoice_number.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) customer_ref?: string;

  @ApiPropertyOptional({ example: 'INV/2025/00017', description: 'The number of one of your invoices. Send this or customer_ref.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) invoice_number?: string;
}

export class CustomerLinkDto {
  @ApiProperty({ example: true }) linked: boolean;
  @ApiPropertyOptional({ example: 42, description: 'Odoo res.partner id of the linked customer' }) partner_id?: number;
  @ApiPropertyOptional({ example: 40, description: 'Its commercial partner (the company, or itself)' }) commercial_partner_id?: number;
  @ApiPropertyOptional({ example: 'Amina Kamau' }) name?: string;
  @ApiPropertyOptional({ example: 'Africa/Nairobi', nullable: true, type: String }) timezone?: string | null;
  @ApiPropertyOptional({ example: 'customer_ref', enum: ['customer_ref', 'invoice_number', 'admin'] }) method?: string;
  @ApiPropertyOptional({ example: '2025-03-10T08:15:00.000Z' }) linked_at?: string;
}

export class AdminLinkDto {
  @ApiPropertyOptional({ example: '0b6f3c8e-1f7a-4a57-9a43-5cbbf1b0a8d2', description: 'Portal account id (or send email)' })
  @IsOptional() @IsUUID() account_id?: string;
  @ApiPropertyOptional({ example: 'amina@example.com', description: 'Portal account email (or send account_id)' })
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiProperty({ example: 42, description: 'Odoo res.partner id' })
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) partner_id: number;
  @ApiPropertyOptional({ example: false, description: 'Move an already linked account to this partner' })
  @IsOptional() @IsBoolean() replace?: boolean;
}

export class AdminLinkDtoOut {
  @ApiProperty({ example: '0b6f3c8e-1f7a-4a57-9a43-5cbbf1b0a8d2' }) account_id: string;
  @ApiProperty({ example: 42 }) partner_id: number;
  @ApiProperty({ example: 40 }) commercial_partner_id: number;
  @ApiProperty({ example: 'Amina Kamau' }) name: string;
  @ApiProperty({ example: [40, 42], type: [Number] }) contact_ids: number[];
  @ApiProperty({ example: 'admin', enum: ['customer_ref', 'invoice_number', 'admin'] }) method: string;
  @ApiProperty({ example: 'Africa/Nairobi', nullable: true, type: String }) timezone: string | null;
  @ApiProperty({ example: '2025-03-10T08:15:00.000Z' }) linked_at: string;
}

export class AdminLinkListDto {
  @ApiProperty({ type: [AdminLinkDtoOut] }) items: AdminLinkDtoOut[];
  @ApiProperty({ example: 1 }) total: number;
}

export class AdminLinkQueryDto {
  @ApiPropertyOptional({ example: 42 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) partner_id?: number;
  @ApiPropertyOptional({ example: 40 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) commercial_partner_id?: number;
  @ApiPropertyOptional({ example: 1, default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional({ example: 50, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) page_size?: number;
}

