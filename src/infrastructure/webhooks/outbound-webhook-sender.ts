import { Injectable } from '@nestjs/common';
import { request } from 'undici';
import { AppConfig } from '../config';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from '../inbox/webhook-signature';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export const EVENT_HEADER = 'x-hub-event';
export const DELIVERY_HEADER = 'x-hub-delivery';
export const EVENT_ID_HEADER = 'x-hub-event-id';
const MAX_EXCERPT = 500;

/**
 * POSTs one delivery, signed with the hub's webhook scheme (the same one the hub checks on inbound
 * webhooks: `X-Hub-Timestamp` + `X-Hub-Signature: sha256=HMAC(secret, "<ts>.<body>")`), so a partner
 * verifies it with `checkWebhookSignature` semantics. Never throws: the outcome is data.
 */
@Injectable()
export class OutboundWebhookSender {
  constructor(private readonly config: AppConfig) {}

  async send(input: { url: string; secret: string; body: string; eventType: string; eventId: string; deliveryId: string }): Promise<SendResult> {
    const ts = Math.floor(Date.now() / 1000);
    const started = performance.now();
    try {
      const res = await request(input.url, {
        method: 'POST',
        body: input.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'odoo-integration-hub-webhooks/1.0',
          [EVENT_HEADER]: input.eventType,
          [EVENT_ID_HEADER]: input.eventId,
          [DELIVERY_HEADER]: input.deliveryId,
          [TIMESTAMP_HEADER]: String(ts),
          [SIGNATURE_HEADER]: signWebhook(input.secret, ts, input.body),
        },
        headersTimeout: this.config.outboundWebhooks.timeoutMs,
        bodyTimeout: this.config.outboundWebhooks.timeoutMs,
      });
      const excerpt = await readExcerpt(res.body);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return {
        ok, statusCode: res.statusCode, durationMs: Math.round(performance.now() - started),
        error: ok ? null : `HTTP ${res.statusCode}`, responseExcerpt: excerpt,
      };
    } catch (err) {
      return { ok: false, statusCode: null, durationMs: Math.round(performance.now() - started), error: String((err as Error)?.message ?? err).slice(0, 500), responseExcerpt: null };
    }
  }
}

/** Reads at most a short excerpt of the answer and discards the rest (a partner cannot make us buffer megabytes). */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string | null> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += chunk.toString('utf8');
      if (text.length >= MAX_EXCERPT) break;
    }
  } catch {
    /* a broken body still has a status code worth recording */
  } finally {
    body.destroy?.();
  }
  return text ? text.slice(0, MAX_EXCERPT) : null;
}
