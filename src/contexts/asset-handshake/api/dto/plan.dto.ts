import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HandshakePlan } from '../../persistence/plan.entity';

export class ServiceStateDto {
  @ApiProperty({ example: 'service-swap-count' }) service_id: string;
  @ApiProperty({ example: 3 }) used: number;
  @ApiProperty({ example: 15, description: '100000000 = unlimited' }) quota: number;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123', nullable: true }) current_asset: string | null;
}

export class PlanDto {
  @ApiProperty({ example: 'bss-plan-s00042' }) planId: string;
  @ApiProperty({ example: 42 }) orderId: number;
  @ApiProperty({ example: 'S00042' }) contractRef: string;
  @ApiProperty({ example: 'S00042:118' }) contractLineRef: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123', nullable: true }) assetRef: string | null;
  @ApiProperty({ example: '7' }) customerRef: string;
  @ApiProperty({ example: 'plan-mobbat-30ah-swap-1day-v1' }) templateId: string;
  @ApiProperty({ enum: ['active', 'cancelled'], example: 'active' }) status: string;
  @ApiProperty({ enum: ['INITIAL', 'DEPOSIT_DUE', 'CURRENT', 'RENEWAL_DUE', 'FINAL_DUE', 'COMPLETE'], example: 'CURRENT' }) paymentCycleState: string;
  @ApiProperty({ example: true }) depositConfirmed: boolean;
  @ApiProperty({ example: false }) quotaExhausted: boolean;
  @ApiProperty({ enum: ['granted', 'suspended', 'pending'], example: 'granted' }) access: string;
  @ApiProperty({ example: 'payment_current' }) accessReason: string;
  @ApiPropertyOptional({ example: 'BAT-30AH-000123', nullable: true }) currentAsset: string | null;
  @ApiProperty({ example: 4 }) swapsTotal: number;
  @ApiProperty({ example: 3.872 }) energyKwhTotal: number;
  @ApiProperty({ example: 2400 }) paidServicesTotal: number;
  @ApiProperty({ type: [ServiceStateDto] }) serviceStates: ServiceStateDto[];
  @ApiPropertyOptional({ example: { payment_state: 'paid', subscription_state: 'in_progress', at: '2025-01-15T08:00:00Z' }, type: 'object', additionalProperties: true, nullable: true })
  lastSync: Record<string, unknown> | null;
  @ApiPropertyOptional({ example: '2025-02-14', nullable: true }) endDate: string | null;
  @ApiProperty({ example: '2025-01-15T08:00:00.180Z' }) updatedAt: string;
}

export function toPlanDto(p: HandshakePlan): PlanDto {
  return {
    planId: p.planId, orderId: p.orderId, contractRef: p.contractRef, contractLineRef: p.contractLineRef, assetRef: p.assetRef,
    customerRef: p.customerRef, templateId: p.templateId, status: p.status, paymentCycleState: p.paymentCycleState,
    depositConfirmed: p.depositConfirmed, quotaExhausted: p.quotaExhausted, access: p.access, accessReason: p.accessReason,
    currentAsset: p.currentAsset, swapsTotal: p.swapsTotal, energyKwhTotal: Number(p.energyKwhTotal), paidServicesTotal: Number(p.paidServicesTotal),
    serviceStates: (p.serviceStates ?? []) as unknown as ServiceStateDto[], lastSync: p.lastSync, endDate: p.endDate, updatedAt: p.updatedAt.toISOString(),
  };
}
