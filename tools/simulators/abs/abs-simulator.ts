import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectAsync, type IPublishPacket, type MqttClient } from 'mqtt';
import { SimPlanStore, type SimEvent, type SimReply } from './sim-plans';
import type { SimPlanTemplate } from './templates';

export interface AbsSimFaults {
  /** Added before every reply (MQTT and REST). */
  delayMs: number;
  /** Answers nothing at all (ABS down / agent silent). */
  silent: boolean;
  /** Drops the next N replies (the request is still processed). */
  dropNext: number;
  /** Answers the next N requests (of `errorActions`, or any) with `errorSignal`, without applying them. */
  errorNext: number;
  errorSignal: string;
  errorActions: string[];
  /** Extra copies of every reply. */
  duplicateReplies: number;
  /** Appended to the envelope `correlation_id` of replies (ABS does this: `…re_abs_identify`). */
  correlationSuffix: string;
  /** Leaves out the MQTT 5 correlation-data property of replies. */
  omitCorrelationData: boolean;
  /** QoS of replies (one documented echo arrived at QoS 0). */
  replyQos: 0 | 1;
  /** Plans whose requests get no answer at all (one agent down while the rest answer). */
  ignorePlans: string[];
}

const NO_FAULTS: AbsSimFaults = {
  delayMs: 0, silent: false, dropNext: 0, errorNext: 0, errorSignal: 'AGENT_PROCESSING_FAILED', errorActions: [],
  duplicateReplies: 0, correlationSuffix: '', omitCorrelationData: false, replyQos: 1, ignorePlans: [],
};

export interface AbsSimCall {
  at: string;
  via: 'mqtt' | 'rest';
  topic: string;
  action: string;
  planId: string;
  correlationId: string;
  /** What the simulator did: replied, dropped, silent, error-injected, invalid. */
  outcome: 'replied' | 'dropped' | 'silent' | 'error' | 'invalid';
  signals: string[];
  properties?: { correlationData?: string; messageExpiryInterval?: number; qos: number; userProperties?: Record<string, unknown> };
}

export interface AbsSimulatorOptions {
  mqttUrl?: string;
  /** The same MQTT_TOPIC_PREFIX as the hub under test (tests isolate runs with it). */
  topicPrefix?: string;
  /** REST pattern server (port 0 = ephemeral); false = no HTTP server. */
  http?: { port?: number; token?: string } | false;
  faults?: Partial<AbsSimFaults>;
  templates?: SimPlanTemplate[];
  /** Signed HTTP push of events to the hub (the webhook alternative to MQTT). */
  webhook?: { url: string; secret: string };
  clientId?: string;
}

export interface AbsSimulator {
  store: SimPlanStore;
  calls: AbsSimCall[];
  /** REST base URL (when the HTTP server runs). */
  url: string | undefined;
  faults: AbsSimFaults;
  setFaults(f: Partial<AbsSimFaults>): void;
  resetFaults(): void;
  callsFor(action: string): AbsSimCall[];
  /** Publishes an ABS event (`emit/abs/service/plan/{id}/{event}` or the service-payment topic). */
  publishEvent(planId: string, action: string, data?: Record<string, unknown>, opts?: { eventId?: string; timestamp?: string; via?: 'mqtt' | 'webhook' }): Promise<string>;
  swap(planId: string, s: Parameters<SimPlanStore['swap']>[1], opts?: { via?: 'mqtt' | 'webhook' }): Promise<{ ok: boolean; reason?: string; eventIds: string[] }>;
  servicePayment(planId: string, p: Parameters<SimPlanStore['servicePayment']>[1], opts?: { via?: 'mqtt' | 'webhook' }): Promise<{ ok: boolean; reason?: string; eventIds: string[] }>;
  stop(): Promise<void>;
}

/** The topic grammar ABS uses (reference §3.2), written out here on purpose: the simulator does not share the hub's builder. */
function replyTopicFor(topic: string): string | undefined {
  const parts = topic.split('/');
  if (parts.length !== 6 || parts[0] !== 'emit' && parts[0] !== 'call') return undefined;
  const [kind, domain, service, resource, id, event] = parts;
  const replyKind = kind === 'call' ? 'rtrn' : 'echo';
  // Odoo sync stays under `odo` on both sides; app/UI requests are answered by ABS's service layer.
  if (domain === 'odo' || domain === 'odoo') return [replyKind, domain, service, resource, id, event].join('/');
  const replyEvent = event === 'initialize_states' ? 'initialize_states_result' : event;
  return [replyKind, 'abs', 'service', resource, id, replyEvent].join('/');
}

export async function startAbsSimulator(opts: AbsSimulatorOptions = {}): Promise<AbsSimulator> {
  const prefix = opts.topicPrefix ?? '';
  const store = new SimPlanStore(opts.templates);
  const calls: AbsSimCall[] = [];
  const faults: AbsSimFaults = { ...NO_FAULTS, ...opts.faults };
  const replyCache = new Map<string, SimReply>();
  const client: MqttClient = await connectAsync(opts.mqttUrl ?? 'mqtt://127.0.0.1:1883', {
    protocolVersion: 5, clientId: opts.clientId ?? `abs-sim-${randomUUID().slice(0, 8)}`, clean: true, reconnectPeriod: 1000,
  });

  /** Effects run once per correlation id: a re-published request gets the same answer (idempotent agent). */
  const handle = (action: string, planId: string, correlationId: string, data: Record<string, unknown>): { reply: SimReply; events: SimEvent[] } => {
    const cached = replyCache.get(correlationId);
    if (cached) return { reply: cached, events: [] };
    let out: { reply: SimReply; events: SimEvent[] };
    switch (action) {
      case 'CREATE_SERVICE_PLAN': out = { reply: store.create(planId, data), events: [] }; break;
      case 'SYNC_ODOO_SUBSCRIPTION': out = { reply: store.sync(planId, data), events: [] }; break;
      case 'INITIALIZE_SERVICE_STATES': out = { reply: store.initialize(planId), events: [] }; break;
      case 'CANCEL_SERVICE_PLAN': out = store.cancel(planId, data); break;
      case 'IDENTIFY_CUSTOMER': out = { reply: store.identify(planId, data), events: [] }; break;
      default: out = { reply: { signals: ['UNKNOWN_ACTION_REJECTED'], metadata: { error: `unknown action ${action}` } }, events: [] };
    }
    replyCache.set(correlationId, out.reply);
    return out;
  };

  const injectError = (action: string): SimReply | undefined => {
    if (faults.errorNext <= 0 || (faults.errorActions.length && !faults.errorActions.includes(action))) return undefined;
    faults.errorNext--;
    return { signals: [faults.errorSignal], metadata: { error: `injected failure for ${action}` } };
  };

  const publishEventNow = async (e: SimEvent, o: { eventId?: string; timestamp?: string; via?: 'mqtt' | 'webhook' } = {}): Promise<string> => {
    const eventId = o.eventId ?? `abs-evt-${randomUUID()}`;
    const envelope = {
      timestamp: o.timestamp ?? new Date().toISOString(), plan_id: e.planId, correlation_id: eventId,
      actor: { type: 'agent', id: 'bss-agent-v2' }, data: { action: e.action, event_id: eventId, ...e.data },
    };
    const event = e.action.toLowerCase();
    const topic = e.topicKind === 'payment' ? `emit/abs/bss/payment/${e.planId}/${event}` : `emit/abs/service/plan/${e.planId}/${event}`;
    if (o.via === 'webhook') {
      if (!opts.webhook) throw new Error('the simulator has no webhook target configured');
      const body = JSON.stringify(envelope);
      const ts = Math.floor(Date.now() / 1000);
      const sig = `sha256=${createHmac('sha256', opts.webhook.secret).update(`${ts}.`).update(body).digest('hex')}`;
      const res = await fetch(opts.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-timestamp': String(ts), 'x-hub-signature': sig }, body });
      if (!res.ok) throw new Error(`hub answered ${res.status} to the ABS webhook: ${await res.text()}`);
    } else {
      await client.publishAsync(`${prefix}${topic}`, JSON.stringify(envelope), {
        qos: 1, properties: { messageExpiryInterval: 300, contentType: 'application/json', userProperties: { agent_type: 'BSS_AGENT_V2', application: 'abs-platform' } },
      });
    }
    return eventId;
  };

  client.on('message', (brokerTopic: string, payload: Buffer, packet: IPublishPacket) => {
    void (async () => {
      if (!brokerTopic.startsWith(prefix)) return;
      const topic = brokerTopic.slice(prefix.length);
      const replyTopic = replyTopicFor(topic);
      let env: Record<string, unknown>;
      try { env = JSON.parse(payload.toString()) as Record<string, unknown>; } catch { return; }
      const data = (env.data ?? {}) as Record<string, unknown>;
      const action = typeof data.action === 'string' ? data.action : '';
      const correlationId = typeof env.correlation_id === 'string' ? env.correlation_id : '';
      const planId = typeof env.plan_id === 'string' && env.plan_id ? env.plan_id : topic.split('/')[4] ?? '';
      const call: AbsSimCall = {
        at: new Date().toISOString(), via: 'mqtt', topic, action, planId, correlationId, outcome: 'replied', signals: [],
        properties: {
          correlationData: packet.properties?.correlationData?.toString(), messageExpiryInterval: packet.properties?.messageExpiryInterval,
          qos: packet.qos, userProperties: packet.properties?.userProperties as Record<string, unknown> | undefined,
        },
      };
      calls.push(call);
      if (!replyTopic || !action || !correlationId) { call.outcome = 'invalid'; return; }
      if (faults.silent || faults.ignorePlans.includes(planId)) { call.outcome = 'silent'; return; }
      const injected = injectError(action);
      const { reply, events } = injected ? { reply: injected, events: [] } : handle(action, planId, correlationId, data);
      call.signals = reply.signals;
      if (injected) call.outcome = 'error';
      if (faults.delayMs) await sleep(faults.delayMs);
      if (faults.dropNext > 0) { faults.dropNext--; call.outcome = 'dropped'; return; }
      const suffix = action === 'IDENTIFY_CUSTOMER' ? faults.correlationSuffix || 're_abs_identify' : faults.correlationSuffix;
      const body = JSON.stringify({
        timestamp: new Date().toISOString(), plan_id: planId, correlation_id: `${correlationId}${suffix}`,
        actor: { type: 'agent', id: 'bss-agent-v2' }, signals: reply.signals, metadata: reply.metadata,
      });
      const properties = {
        ...(faults.omitCorrelationData ? {} : { correlationData: packet.properties?.correlationData ?? Buffer.from(correlationId) }),
        messageExpiryInterval: 300,
        contentType: 'application/json',
        userProperties: {
          agent_type: 'BSS_AGENT_V2', response_type: 'AGENT_CALCULATION_RESULT', response_pattern: 'echo', platform_version: '2.0.0', application: 'abs-platform',
        },
      };
      for (let i = 0; i <= faults.duplicateReplies; i++) {
        await client.publishAsync(`${prefix}${replyTopic}`, body, { qos: faults.replyQos, properties });
      }
      for (const e of events) await publishEventNow(e);
    })().catch(() => undefined);
  });

  // ABS-MQINT's listener filters, in the lower-case form the examples publish (see reference §3.2 on case).
  await client.subscribeAsync([`${prefix}emit/+/+/plan/+/+`, `${prefix}call/+/+/plan/+/+`], { qos: 1 });

  let server: Server | undefined;
  let url: string | undefined;
  if (opts.http !== false) {
    const token = opts.http?.token;
    server = createServer((req, res) => void rest(req, res).catch((err) => json(res, 500, { error: String(err) })));
    const rest = async (req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/_sim/plans') return json(res, 200, [...store.plans.values()]);
      if (req.method === 'GET' && path === '/_sim/calls') return json(res, 200, calls);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: Record<string, unknown> = {};
      try { body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {}; } catch { return json(res, 400, { error: 'body is not JSON' }); }
      if (req.method === 'POST' && path === '/_sim/faults') { Object.assign(faults, body); return json(res, 200, faults); }
      if (token && req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: 'invalid token' });
      const m = /^\/api\/v1\/entitlements\/(?:(create)|([^/]+)\/(sync|initialize|cancel))$/.exec(path);
      if (req.method !== 'POST' || !m) return json(res, 404, { error: `no route ${req.method} ${path}` });
      const correlationId = String(req.headers['idempotency-key'] ?? body.correlation_id ?? randomUUID());
      const action = m[1] ? 'CREATE_SERVICE_PLAN' : { sync: 'SYNC_ODOO_SUBSCRIPTION', initialize: 'INITIALIZE_SERVICE_STATES', cancel: 'CANCEL_SERVICE_PLAN' }[m[3] as 'sync'];
      const planId = m[1] ? String(body.plan_id ?? `bss-plan-${randomUUID().slice(0, 8)}`) : decodeURIComponent(m[2]);
      const call: AbsSimCall = { at: new Date().toISOString(), via: 'rest', topic: path, action, planId, correlationId, outcome: 'replied', signals: [] };
      calls.push(call);
      if (faults.silent) { call.outcome = 'silent'; await sleep(60_000); res.destroy(); return; }
      const injected = injectError(action);
      const { reply, events } = injected ? { reply: injected, events: [] } : handle(action, planId, correlationId, body);
      call.signals = reply.signals;
      if (faults.delayMs) await sleep(faults.delayMs);
      if (faults.dropNext > 0) { faults.dropNext--; call.outcome = 'dropped'; res.destroy(); return; }
      const failed = reply.signals.some((s) => /(FAILED|NOT_FOUND|REJECTED)$/.test(s));
      if (injected) { call.outcome = 'error'; return json(res, 503, { ...reply, message: 'agent failure' }); }
      if (failed) return json(res, reply.signals.some((s) => s.endsWith('NOT_FOUND')) ? 404 : 422, { ...reply, message: String(reply.metadata.error ?? 'rejected') });
      const meta = reply.metadata;
      const extra = action === 'CREATE_SERVICE_PLAN' ? { entitlement_id: meta.plan_id, asset_pool_allocation: meta.asset_pool_allocation } : {};
      json(res, action === 'CREATE_SERVICE_PLAN' ? 201 : 200, { ...extra, signals: reply.signals, metadata: meta });
      for (const e of events) await publishEventNow(e);
    };
    await new Promise<void>((resolve) => server!.listen(opts.http ? opts.http.port ?? 0 : 0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const runEvents = async (events: SimEvent[], via?: 'mqtt' | 'webhook') => {
    const ids: string[] = [];
    for (const e of events) ids.push(await publishEventNow(e, { via }));
    return ids;
  };

  return {
    store, calls, url, faults,
    setFaults: (f) => { Object.assign(faults, f); },
    resetFaults: () => { Object.assign(faults, NO_FAULTS, { ignorePlans: [], errorActions: [] }); },
    callsFor: (action) => calls.filter((c) => c.action === action),
    publishEvent: (planId, action, data = {}, o = {}) => publishEventNow({ planId, action, data, topicKind: action === 'SERVICE_PAYMENT' ? 'payment' : 'service' }, o),
    swap: async (planId, s, o = {}) => {
      const r = store.swap(planId, s);
      return { ok: r.ok, reason: r.reason, eventIds: await runEvents(r.events, o.via) };
    },
    servicePayment: async (planId, p, o = {}) => {
      const r = store.servicePayment(planId, p);
      return { ok: r.ok, reason: r.reason, eventIds: await runEvents(r.events, o.via) };
    },
    stop: async () => {
      await client.endAsync().catch(() => undefined);
      if (server) await new Promise<void>((resolve) => { server!.closeAllConnections(); server!.close(() => resolve()); });
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
