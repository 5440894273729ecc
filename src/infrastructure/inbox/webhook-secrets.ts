import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config';

/** Where the HMAC guard finds each sender's secret. Contexts may register more senders. */
@Injectable()
export class WebhookSecrets {
  private readonly secrets = new Map<string, () => string | undefined>();
  constructor(config: AppConfig) {
    this.secrets.set('cartona', () => config.cartona.webhookSecret);
    this.secrets.set('abs', () => config.abs.webhookSecret);
  }
  register(source: string, secret: () => string | undefined): void {
    this.secrets.set(source, secret);
  }
  get(source: string): string | undefined {
    return this.secrets.get(source)?.();
  }
}
