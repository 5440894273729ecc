/**
 * The one ABS topic builder (reference §3.2: "build topics with the topic builder; never write
 * topic strings by hand"). Service topics are `{kind}/{domain}/{service}/{resource}/{id}/{event}`;
 * the broker prefix (MQTT_TOPIC_PREFIX) is added by MqttClientFactory.topic(), never here.
 */
export const SERVICE_KINDS = ['emit', 'echo', 'call', 'rtrn'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export interface ServiceTopicParts {
  kind: ServiceKind;
  domain: string;
  service: string;
  resource: string;
  id: string;
  event: string;
}

export type RouteSpec = Omit<ServiceTopicParts, 'id'>;

const SEGMENT = /^[A-Za-z0-9_.:-]+$/;

function segment(name: string, value: string): string {
  if (!SEGMENT.test(value)) throw new Error(`ABS topic segment ${name} "${value}" is empty or holds a character MQTT topics cannot carry here`);
  return value;
}

export function buildServiceTopic(p: ServiceTopicParts): string {
  if (!(SERVICE_KINDS as readonly string[]).includes(p.kind)) throw new Error(`unknown ABS topic kind ${p.kind}`);
  return [p.kind, segment('domain', p.domain), segment('service', p.service), segment('resource', p.resource), segment('id', p.id), segment('event', p.event)].join('/');
}

/** The same topic with `+` in the id segment (the reference subscribes to `echo/odo/subscription/plan/+/sync`). */
export function buildServiceFilter(p: RouteSpec): string {
  return [p.kind, segment('domain', p.domain), segment('service', p.service), segment('resource', p.resource), '+', segment('event', p.event)].join('/');
}

export function parseServiceTopic(topic: string): ServiceTopicParts | undefined {
  const parts = topic.split('/');
  if (parts.length !== 6) return undefined;
  const [kind, domain, service, resource, id, event] = parts;
  if (!(SERVICE_KINDS as readonly string[]).includes(kind) || parts.some((s) => !s)) return undefined;
  return { kind: kind as ServiceKind, domain, service, resource, id, event };
}

/** MQTT filter matching (`+` one level, `#` the rest), for checking a reply arrived where it should. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** The hub's outbound ABS operations. */
export const ABS_OPERATIONS = ['create_plan', 'sync_subscription', 'initialize_states', 'cancel_plan'] as const;
export type AbsOperation = (typeof ABS_OPERATIONS)[number];

export interface OperationRoute {
  /** `data.action` of the envelope. */
  action: string;
  emit: RouteSpec;
  echo: RouteSpec;
  /** A reply carrying one of these is a success. */
  successSignals: string[];
}

export type RouteOverrides = Partial<Record<AbsOperation, { action?: string; emit?: Partial<RouteSpec>; echo?: Partial<RouteSpec>; successSignals?: string[] }>>;

/**
 * Defaults (docs/asset-handshake.md explains each choice):
 * - sync: `emit/odo/subscription/plan/{plan_id}/sync` → `echo/odo/subscription/plan/+/sync` (verified, ABS-SYNC);
 * - initialise: `emit/uxi/service/plan/{plan_id}/initialize_states` → `echo/abs/service/plan/+/initialize_states_result` (ABS-SYNC);
 * - create: ABS-BILL's `emit/odoo/subscription/{id}/created` has five segments, which the grammar and ABS's
 *   listener filters do not accept; we publish the grammar form `emit/odo/subscription/plan/{plan_id}/created`;
 * - cancel: not documented; `emit/odo/subscription/plan/{plan_id}/cancelled` by analogy.
 * `odo` vs `odoo` conflicts in the sources: ABS_ODOO_DOMAIN chooses.
 */
export function defaultRoutes(odooDomain: string): Record<AbsOperation, OperationRoute> {
  const odo = (kind: ServiceKind, event: string): RouteSpec => ({ kind, domain: odooDomain, service: 'subscription', resource: 'plan', event });
  return {
    create_plan: { action: 'CREATE_SERVICE_PLAN', emit: odo('emit', 'created'), echo: odo('echo', 'created'), successSignals: ['SERVICE_PLAN_CREATED'] },
    sync_subscription: { action: 'SYNC_ODOO_SUBSCRIPTION', emit: odo('emit', 'sync'), echo: odo('echo', 'sync'), successSignals: ['ODOO_SYNC_SUCCESS'] },
    initialize_states: {
      action: 'INITIALIZE_SERVICE_STATES',
      emit: { kind: 'emit', domain: 'uxi', service: 'service', resource: 'plan', event: 'initialize_states' },
      echo: { kind: 'echo', domain: 'abs', service: 'service', resource: 'plan', event: 'initialize_states_result' },
      successSignals: ['SERVICE_STATES_INITIALIZED'],
    },
    cancel_plan: { action: 'CANCEL_SERVICE_PLAN', emit: odo('emit', 'cancelled'), echo: odo('echo', 'cancelled'), successSignals: ['SERVICE_PLAN_CANCELLED'] },
  };
}

export class AbsTopics {
  readonly routes: Record<AbsOperation, OperationRoute>;

  constructor(opts: { odooDomain: string; overrides?: RouteOverrides; eventFilters?: string[] }) {
    const base = defaultRoutes(opts.odooDomain);
    for (const op of ABS_OPERATIONS) {
      const o = opts.overrides?.[op];
      if (!o) continue;
      base[op] = {
        action: o.action ?? base[op].action,
        emit: { ...base[op].emit, ...o.emit },
        echo: { ...base[op].echo, ...o.echo },
        successSignals: o.successSignals ?? base[op].successSignals,
      };
    }
    // Building each once validates the configuration at start rather than at the first message.
    for (const op of ABS_OPERATIONS) { buildServiceFilter(base[op].emit); buildServiceFilter(base[op].echo); }
    this.routes = base;
    this.eventFilters = opts.eventFilters ?? DEFAULT_EVENT_FILTERS;
  }

  /** Protocol filters of ABS → hub events (service events and service payments). */
  readonly eventFilters: string[];

  emitTopic(op: AbsOperation, planId: string): string {
    return buildServiceTopic({ ...this.routes[op].emit, id: planId });
  }
  replyTopic(op: AbsOperation, planId: string): string {
    return buildServiceTopic({ ...this.routes[op].echo, id: planId });
  }
  replyFilter(op: AbsOperation): string {
    return buildServiceFilter(this.routes[op].echo);
  }
}

/**
 * ABS → Odoo events. `emit/abs/bss/payment/{plan_id}/service_payment` is documented (ABS-STATUS);
 * the service events' topic is not, so we take `emit/abs/service/plan/{plan_id}/{event}`.
 */
export const DEFAULT_EVENT_FILTERS = ['emit/abs/service/plan/+/+', 'emit/abs/bss/payment/+/+'];

/** Our proposed ServicePlan id for a contract (ABS may answer with its own, which we then adopt). */
export function proposePlanId(prefix: string, contractRef: string): string {
  const slug = contractRef.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${prefix}${slug || 'contract'}`;
}
