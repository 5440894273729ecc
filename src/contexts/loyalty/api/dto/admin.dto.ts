import { ApiPropertyOptional } from '@nestjs/swagger';
import { TierChangeDto } from './order.dto';
export { MemberStatusDto, SetMemberTierDto } from './member.dto';

export class TierChangeDtoOrNull {
  @ApiPropertyOptional({ type: TierChangeDto, nullable: true, description: 'The change made, or null when the member already had that tier' })
  change: TierChangeDto | null;
}
