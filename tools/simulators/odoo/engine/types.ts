import type { Env } from './env';

export type FieldType =
  | 'char' | 'text' | 'html' | 'integer' | 'float' | 'monetary' | 'boolean' | 'date' | 'datetime'
  | 'selection' | 'many2one' | 'one2many' | 'many2many' | 'binary' | 'json';

/** A stored row: field name → raw value (m2o = id | false, m2m = id[], dates = strings | false). */
export type Row = { id: number } & Record<string, unknown>;
export type Vals = Record<string, unknown>;
export type Domain = unknown[];

export interface FieldDef {
  type: FieldType;
  string?: string;
  required?: boolean;
  readonly?: boolean;
  /** A value or a function of the env and the values being created. */
  default?: string | number | boolean | null | unknown[] | ((env: Env, vals: Vals) => unknown);
  /** Comodel of many2one/one2many/many2many. */
  relation?: string;
  /** one2many: the many2one on the comodel pointing back. */
  inverse?: string;
  selection?: Array<[string, string]>;
  /** Non-stored computed value (read and searched like any field). */
  compute?: (row: Row, env: Env) => unknown;
  /** For computed fields: called on write, like Odoo's inverse methods. */
  inverseWrite?: (env: Env, row: Row, value: unknown) => void;
  /** First and last major version the field exists in (e.g. res.partner.mobile until 18). */
  since?: number;
  until?: number;
  /** The module that adds the field (absent when that module is not installed). */
  module?: string;
  help?: string;
}

export interface MethodParam {
  name: string;
  /** Parameters without a default are required. */
  default?: unknown;
}

export interface MethodDef {
  /** `model` = @api.model (no ids), `multi` = record method (ids first). */
  api: 'model' | 'multi';
  params?: Array<string | MethodParam>;
  /** Accepts any extra keyword argument (**kwargs). */
  varKw?: boolean;
  since?: number;
  until?: number;
  impl: (env: Env, ids: number[], kw: Record<string, unknown>) => unknown;
}

export interface ModelHooks {
  /** After a row is created (defaults and values applied). */
  afterCreate?: (env: Env, row: Row, vals: Vals) => void;
  /** Before values are written; may adjust them or raise. */
  beforeWrite?: (env: Env, rows: Row[], vals: Vals) => void;
  afterWrite?: (env: Env, rows: Row[], vals: Vals) => void;
  beforeUnlink?: (env: Env, rows: Row[]) => void;
  /** Python constraints, checked after create/write. */
  constrain?: (env: Env, row: Row) => void;
}

export interface ModelDef {
  name: string;
  description: string;
  /** The module providing the model; models of modules not installed do not exist. */
  module: string;
  /** Default `_order`. */
  order?: string;
  /** `_rec_name` (default `name`). */
  recName?: string;
  /** `_parent_name` for child_of/parent_of. */
  parentName?: string;
  since?: number;
  until?: number;
  /** Inherits mail.thread / mail.activity.mixin (message_post, message_ids, activity_ids). */
  mailThread?: boolean;
  /** TransientModel (wizards). */
  transient?: boolean;
  fields: Record<string, FieldDef>;
  methods?: Record<string, MethodDef>;
  hooks?: ModelHooks;
  /** display_name; default: the rec_name field. */
  displayName?: (row: Row, env: Env) => string;
}

/** Extra fields/methods for an existing model, contributed by another module file. */
export interface ModelExtension {
  model: string;
  module: string;
  fields?: Record<string, FieldDef>;
  methods?: Record<string, MethodDef>;
  hooks?: ModelHooks;
}

// Field constructors, so model files read like Odoo's.
type Opts = Omit<FieldDef, 'type'>;
export const f = {
  char: (o: Opts = {}): FieldDef => ({ type: 'char', ...o }),
  text: (o: Opts = {}): FieldDef => ({ type: 'text', ...o }),
  html: (o: Opts = {}): FieldDef => ({ type: 'html', ...o }),
  integer: (o: Opts = {}): FieldDef => ({ type: 'integer', default: 0, ...o }),
  float: (o: Opts = {}): FieldDef => ({ type: 'float', default: 0, ...o }),
  monetary: (o: Opts = {}): FieldDef => ({ type: 'monetary', default: 0, ...o }),
  boolean: (o: Opts = {}): FieldDef => ({ type: 'boolean', default: false, ...o }),
  date: (o: Opts = {}): FieldDef => ({ type: 'date', ...o }),
  datetime: (o: Opts = {}): FieldDef => ({ type: 'datetime', ...o }),
  binary: (o: Opts = {}): FieldDef => ({ type: 'binary', ...o }),
  json: (o: Opts = {}): FieldDef => ({ type: 'json', ...o }),
  selection: (selection: Array<[string, string]>, o: Opts = {}): FieldDef => ({ type: 'selection', selection, ...o }),
  many2one: (relation: string, o: Opts = {}): FieldDef => ({ type: 'many2one', relation, ...o }),
  one2many: (relation: string, inverse: string, o: Opts = {}): FieldDef => ({ type: 'one2many', relation, inverse, ...o }),
  many2many: (relation: string, o: Opts = {}): FieldDef => ({ type: 'many2many', relation, default: [], ...o }),
};
