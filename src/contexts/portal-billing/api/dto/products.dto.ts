import { ApiProperty } from '@nestjs/swagger';
import { FreshnessDto } from './freshness.dto';

export class ProductDto {
  @ApiProperty({ example: 12, description: 'Odoo product.product id' }) id: number;
  @ApiProperty({ example: 'Starlink Standard Kit' }) name: string;
  @ApiProperty({ example: 'STARLINK-STD', nullable: true, type: String }) code: string | null;
  @ApiProperty({ example: 'Internet / Starlink', nullable: true, type: String }) category: string | null;
  @ApiProperty({ example: 'Dish, router and 15 m cable', nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 499 }) price: number;
  @ApiProperty({ example: 'KES', nullable: true, type: String }) currency: string | null;
  @ApiProperty({ example: 'starlink', enum: ['fibre', 'wireless', 'starlink', 'other'] }) service_type: string;
  @ApiProperty({ example: false, description: 'A recurring (subscription) product' }) recurring: boolean;
}

export class ProductListDto {
  @ApiProperty({ type: [ProductDto] }) products: ProductDto[];
  @ApiProperty({ type: FreshnessDto }) freshness: FreshnessDto;
}
