import { SaxesParser } from 'saxes';

/**
 * XML-RPC encoding and decoding as Odoo (Python's xmlrpc.client) speaks it.
 *
 * Why not a library: the maintained ones (e.g. @foxglove/xmlrpc) build a DOM with xmlbuilder2
 * and encode `null` as `<nil/>`, Date as `dateTime.iso8601` and Buffer as `<base64>`, which is
 * exactly what Odoo does not want (dates and binaries must be strings, see the reference's
 * pitfalls 5 and 6). This file is a small string encoder plus a streaming decoder over saxes
 * (already a dependency). The decoder refuses any DOCTYPE, so entity-expansion attacks
 * ("billion laughs") and external entities cannot happen; saxes rejects undefined entities.
 */

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const MAX_DEPTH = 128;

/** A float that must go out as `<double>` even when integral (the simulator marks float fields with it). */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value;
  }
}

export class XmlRpcMarshalError extends Error {
  constructor(readonly pythonType: 'TypeError' | 'OverflowError', message: string) {
    super(message);
  }
}

export interface EncodeOptions {
  /**
   * Client side: null → `<nil/>` (Python's loads accepts it) and integers beyond 32 bits → `<i8>`.
   * Server side (simulator, `pythonServer`): None and big integers fault like Odoo's marshaller
   * (`allow_none=False`, no i8 output).
   */
  pythonServer?: boolean;
}

// XML 1.0 forbids most control characters; Odoo strips them too.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the format Odoo stores and returns datetimes in. */
export function formatOdooDatetime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function formatDouble(n: number): string {
  if (!Number.isFinite(n)) throw new XmlRpcMarshalError('OverflowError', `cannot marshal ${n}`);
  // Python's repr: integral floats keep a ".0".
  const s = String(n);
  return Number.isInteger(n) && !/e/i.test(s) ? `${s}.0` : s;
}

function encodeValue(v: unknown, out: string[], opts: EncodeOptions, depth: number): void {
  if (depth > MAX_DEPTH) throw new XmlRpcMarshalError('TypeError', 'value nested too deeply to marshal');
  switch (typeof v) {
    case 'string':
      out.push('<value><string>', escapeXml(v), '</string></value>');
      return;
    case 'boolean':
      out.push(v ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
      return;
    case 'number':
      if (Number.isInteger(v)) {
        if (v >= INT32_MIN && v <= INT32_MAX) out.push('<value><int>', String(v), '</int></value>');
        else if (opts.pythonServer) throw new XmlRpcMarshalError('OverflowError', 'int exceeds XML-RPC limits');
        else out.push('<value><i8>', String(v), '</i8></value>');
      } else {
        out.push('<value><double>', formatDouble(v), '</double></value>');
      }
      return;
    case 'bigint':
      if (opts.pythonServer && (v < BigInt(INT32_MIN) || v > BigInt(INT32_MAX))) throw new XmlRpcMarshalError('OverflowError', 'int exceeds XML-RPC limits');
      out.push('<value><i8>', v.toString(), '</i8></value>');
      return;
    case 'undefined':
      if (opts.pythonServer) throw new XmlRpcMarshalError('TypeError', 'cannot marshal None unless allow_none is enabled');
      out.push('<value><nil/></value>');
      return;
    case 'object':
      break;
    default:
      throw new XmlRpcMarshalError('TypeError', `cannot marshal <class '${typeof v}'> objects`);
  }
  if (v === null) {
    if (opts.pythonServer) throw new XmlRpcMarshalError('TypeError', 'cannot marshal None unless allow_none is enabled');
    out.push('<value><nil/></value>');
    return;
  }
  if (v instanceof XmlRpcDouble) {
    out.push('<value><double>', formatDouble(v.value), '</double></value>');
    return;
  }
  if (Array.isArray(v)) {
    out.push('<value><array><data>\n');
    for (const item of v) {
      encodeValue(item, out, opts, depth + 1);
      out.push('\n');
    }
    out.push('</data></array></value>');
    return;
  }
  // Odoo wants datetimes and binaries as strings (naive UTC; base64), never dateTime.iso8601 / <base64>.
  if (v instanceof Date) {
    out.push('<value><string>', formatOdooDatetime(v), '</string></value>');
    return;
  }
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
    out.push('<value><string>', Buffer.from(v).toString('base64'), '</string></value>');
    return;
  }
  out.push('<value><struct>\n');
  for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
    if (item === undefined) continue;
    out.push('<member>\n<name>', escapeXml(key), '</name>\n');
    encodeValue(item, out, opts, depth + 1);
    out.push('\n</member>\n');
  }
  out.push('</struct></value>');
}

export function encodeMethodCall(method: string, params: unknown[], opts: EncodeOptions = {}): string {
  const out: string[] = ['<?xml version="1.0"?>\n<methodCall>\n<methodName>', escapeXml(method), '</methodName>\n<params>\n'];
  for (const p of params) {
    out.push('<param>\n');
    encodeValue(p, out, opts, 0);
    out.push('\n</param>\n');
  }
  out.push('</params>\n</methodCall>\n');
  return out.join('');
}

/** A methodResponse carrying one value (what Odoo's `dumps((result,))` produces). */
export function encodeMethodResponse(value: unknown, opts: EncodeOptions = { pythonServer: true }): string {
  const out: string[] = ['<?xml version="1.0"?>\n<methodResponse>\n<params>\n<param>\n'];
  encodeValue(value, out, opts, 0);
  out.push('\n</param>\n</params>\n</methodResponse>\n');
  return out.join('');
}

export function encodeFault(faultCode: number | string, faultString: string): string {
  const out: string[] = ['<?xml version="1.0"?>\n<methodResponse>\n<fault>\n'];
  encodeValue({ faultCode, faultString }, out, { pythonServer: true }, 0);
  out.push('\n</fault>\n</methodResponse>\n');
  return out.join('');
}

export class XmlRpcParseError extends Error {}

export interface DecodedXmlRpc {
  kind: 'call' | 'response' | 'fault';
  methodName?: string;
  params: unknown[];
  fault?: { faultCode: number | string; faultString: string };
}

const enum F { Value, Array, Struct, Member }
type Frame =
  | { k: F.Value; v: unknown; set: boolean }
  | { k: F.Array; items: unknown[] }
  | { k: F.Struct; obj: Record<string, unknown> }
  | { k: F.Member; name: string; v: unknown };

const INT_TAGS = new Set(['int', 'i4', 'i8', 'i1', 'i2', 'biginteger']);
const FLOAT_TAGS = new Set(['double', 'float', 'bigdecimal']);

function parseIso8601(text: string): string {
  // 20250131T10:00:00 or 2025-01-31T10:00:00(Z) → Odoo's "YYYY-MM-DD HH:MM:SS"
  const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})/.exec(text.trim());
  if (!m) throw new XmlRpcParseError(`bad dateTime.iso8601 value: ${text.slice(0, 40)}`);
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`;
}

function parseInt64(text: string): number | bigint {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new XmlRpcParseError(`bad integer value: ${t.slice(0, 40)}`);
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
}

/**
 * Decodes a methodCall or methodResponse. Untyped `<value>text</value>` is a string, `<nil/>`
 * is null, `<i8>` beyond 2^53 becomes a bigint, `dateTime.iso8601` becomes Odoo's datetime
 * string and `<base64>` a Buffer.
 */
export function decodeXmlRpc(xml: string): DecodedXmlRpc {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const stack: Frame[] = [];
  const params: unknown[] = [];
  let text = '';
  let root: string | undefined;
  let methodName: string | undefined;
  let inFault = false;
  let depth = 0;

  const setValue = (v: unknown) => {
    const top = stack[stack.length - 1];
    if (!top || top.k !== F.Value) throw new XmlRpcParseError('scalar outside <value>');
    top.v = v;
    top.set = true;
  };

  parser.on('doctype', () => {
    throw new XmlRpcParseError('DOCTYPE is not allowed in XML-RPC');
  });
  parser.on('processinginstruction', () => undefined);
  parser.on('text', (t) => { text += t; });
  parser.on('cdata', (t) => { text += t; });
  parser.on('opentag', (tag) => {
    if (++depth > MAX_DEPTH) throw new XmlRpcParseError('XML nested too deeply');
    const name = tag.name;
    if (root === undefined) {
      if (name !== 'methodResponse' && name !== 'methodCall') throw new XmlRpcParseError(`unexpected root element <${name}>`);
      root = name;
    }
    text = '';
    switch (name) {
      case 'value': stack.push({ k: F.Value, v: undefined, set: false }); break;
      case 'array': stack.push({ k: F.Array, items: [] }); break;
      case 'struct': stack.push({ k: F.Struct, obj: {} }); break;
      case 'member': stack.push({ k: F.Member, name: '', v: undefined }); break;
      case 'fault': inFault = true; break;
      default: break;
    }
  });
  parser.on('closetag', (tag) => {
    depth--;
    const name = tag.name;
    if (INT_TAGS.has(name)) setValue(parseInt64(text));
    else if (FLOAT_TAGS.has(name)) {
      const n = Number(text.trim());
      if (Number.isNaN(n)) throw new XmlRpcParseError(`bad double value: ${text.slice(0, 40)}`);
      setValue(n);
    } else {
      switch (name) {
        case 'string': setValue(text); break;
        case 'boolean': setValue(text.trim() === '1' || text.trim().toLowerCase() === 'true'); break;
        case 'nil': setValue(null); break;
        case 'dateTime.iso8601': setValue(parseIso8601(text)); break;
        case 'base64': setValue(Buffer.from(text.replace(/\s+/g, ''), 'base64')); break;
        case 'methodName': methodName = text.trim(); break;
        case 'name': {
          const top = stack[stack.length - 1];
          if (top?.k === F.Member) top.name = text;
          break;
        }
        case 'array': {
          const f = stack.pop();
          if (f?.k !== F.Array) throw new XmlRpcParseError('unbalanced <array>');
          setValue(f.items);
          break;
        }
        case 'struct': {
          const f = stack.pop();
          if (f?.k !== F.Struct) throw new XmlRpcParseError('unbalanced <struct>');
          setValue(f.obj);
          break;
        }
        case 'member': {
          const f = stack.pop();
          const parent = stack[stack.length - 1];
          if (f?.k !== F.Member || parent?.k !== F.Struct) throw new XmlRpcParseError('<member> outside <struct>');
          parent.obj[f.name] = f.v;
          break;
        }
        case 'value': {
          const f = stack.pop();
          if (f?.k !== F.Value) throw new XmlRpcParseError('unbalanced <value>');
          const v = f.set ? f.v : text; // an untyped value is a string
          const parent = stack[stack.length - 1];
          if (!parent) params.push(v);
          else if (parent.k === F.Array) parent.items.push(v);
          else if (parent.k === F.Member) parent.v = v;
          else throw new XmlRpcParseError('<value> in an unexpected place');
          break;
        }
        default: break;
      }
    }
    text = '';
  });

  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof XmlRpcParseError) throw err;
    throw new XmlRpcParseError(`malformed XML-RPC: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!root) throw new XmlRpcParseError('empty XML-RPC document');
  if (inFault) {
    const f = params[0] as { faultCode?: unknown; faultString?: unknown } | undefined;
    if (!f || typeof f !== 'object') throw new XmlRpcParseError('fault without a struct');
    return {
      kind: 'fault', params,
      fault: { faultCode: f.faultCode as number | string, faultString: String(f.faultString ?? '') },
    };
  }
  return { kind: root === 'methodCall' ? 'call' : 'response', methodName, params };
}
