import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { HmacWebhook } from '../../../infrastructure/inbox';
import { AbsEventsService } from '../application/abs-events.service';
import { AbsEventAcceptedDto, AbsEventEnvelopeDto } from './dto/abs-event.dto';

@ApiTags('asset-handshake')
@Controller('api/v1/abs')
export class AbsWebhookController {
  constructor(private readonly events: AbsEventsService) {}

  @Post('events')
  @HttpCode(202)
  @HmacWebhook('abs')
  @ApiOperation({
    summary: 'ABS service/payment event pushed over HTTP (the alternative to MQTT)',
    description: 'Stored before it is acknowledged, unique on the event id (`data.event_id`, else `correlation_id`): a redelivery, or the same event also received over MQTT, is acknowledged and ignored.',
  })
  @ApiAcceptedResponse({ type: AbsEventAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async receive(@Body() body: AbsEventEnvelopeDto): Promise<AbsEventAcceptedDto> {
    return this.events.accept(body, 'webhook');
  }
}
