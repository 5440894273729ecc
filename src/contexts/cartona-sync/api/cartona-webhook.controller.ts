import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HmacWebhook, InboxService } from '../../../infrastructure/inbox';
import { ErrorResponseDto } from '../../../infrastructure/http';
import { ValidationFailed } from '../../../infrastructure/errors';
import { orderPayloadHash } from '../domain/cartona-order';
import { CartonaAccountsService } from '../application/cartona-accounts.service';
import { WebhookAcceptedDto } from './dto/sync.dto';

export const CARTONA_INBOX_SOURCE = 'cartona';
const MAX_ORDERS = 500;

/**
 * Orders pushed by Cartona, for deployments where Cartona pushes (its documented path is the
 * pull, reference §8.1). Each order is stored in the inbox (event id = hashed_id + content
 * hash) before the 202, then takes the same exactly-once path as a pulled order.
 */
@ApiTags('cartona')
@Controller('cartona_integration/webhook')
export class CartonaWebhookController {
  constructor(private readonly inbox: InboxService, private readonly accounts: CartonaAccountsService) {}

  @Post('orders')
  @HttpCode(202)
  @HmacWebhook('cartona')
  @ApiOperation({ summary: 'Receive Cartona orders (one order object or an array, as pull-orders returns them)' })
  @ApiQuery({ name: 'account', required: false, description: 'Cartona account id (default account when omitted)' })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] }, description: 'Cartona order object(s)' })
  @ApiAcceptedResponse({ type: WebhookAcceptedDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async orders(@Body() body: unknown, @Query('account') accountId?: string): Promise<WebhookAcceptedDto> {
    const orders = Array.isArray(body) ? body : [body];
    if (!orders.length || orders.length > MAX_ORDERS) throw new ValidationFailed(`Send 1 to ${MAX_ORDERS} orders`);
    const bad = orders
      .map((o, i) => ({ i, o }))
      .filter(({ o }) => typeof o !== 'object' || o === null || Array.isArray(o) || typeof (o as { hashed_id?: unknown }).hashed_id !== 'string'
        || !/^[A-Za-z0-9_-]{1,100}$/.test((o as { hashed_id: string }).hashed_id));
    if (bad.length) {
      throw new ValidationFailed('Every order needs a string hashed_id', { orders: bad.map(({ i }) => `order ${i}: hashed_id missing or invalid`) });
    }
    const account = await this.accounts.resolve(accountId);
    let accepted = 0;
    let duplicates = 0;
    for (const o of orders as Array<Record<string, unknown>>) {
      const r = await this.inbox.accept(CARTONA_INBOX_SOURCE, `order:${String(o.hashed_id)}:${orderPayloadHash(o).slice(0, 32)}`, { accountId: account.id, order: o });
      if (r.duplicate) duplicates++;
      else accepted++;
    }
    return { accepted, duplicates };
  }
}
