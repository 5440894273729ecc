import { ApiProperty } from '@nestjs/swagger';

export class OdooWebhookAckDto {
  @ApiProperty({ example: true, description: 'The hint was stored; it is processed asynchronously' }) accepted: boolean;
  @ApiProperty({ example: false, description: 'The same hint arrived moments ago and was already stored' }) duplicate: boolean;
}

/** Shape Odoo's "Send Webhook Notification" posts (documentation only; extra keys are the chosen fields). */
export class OdooWebhookPayloadDto {
  @ApiProperty({ example: 'product.product', description: 'Model of the changed record' }) _model: string;
  @ApiProperty({ example: 42, description: 'Id of the changed record' }) _id: number;
  @ApiProperty({ example: 'Notify hub(#7)', required: false, description: 'Automation rule that fired' }) _action?: string;
}
