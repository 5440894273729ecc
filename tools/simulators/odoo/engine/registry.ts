import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldDef, MethodDef, ModelDef, ModelExtension, ModelHooks } from './types';

/**
 * Model definitions, one file per model under `models/` (discovered at start, so adding a
 * model never touches a shared list). A file default-exports a ModelDef, a ModelExtension, or
 * an array of them; `defineModel` / `extendModel` only give them types.
 */
export function defineModel(def: ModelDef): ModelDef {
  return def;
}
export function extendModel(ext: ModelExtension): ModelExtension {
  return ext;
}

export interface ResolvedModel extends ModelDef {
  methods: Record<string, MethodDef>;
  hookList: ModelHooks[];
}

let cache: { defs: ModelDef[]; exts: ModelExtension[] } | undefined;

function load(): { defs: ModelDef[]; exts: ModelExtension[] } {
  if (cache) return cache;
  const dir = join(__dirname, '..', 'models');
  const defs: ModelDef[] = [];
  const exts: ModelExtension[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/\.(ts|js)$/.test(file) || /\.d\.ts$|\.spec\.|\.map$/.test(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(dir, file)) as { default?: unknown };
    const items = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const item of items as Array<ModelDef | ModelExtension | undefined>) {
      if (!item) continue;
      if ('name' in item && 'fields' in item && 'description' in item) defs.push(item as ModelDef);
      else if ('model' in item) exts.push(item as ModelExtension);
    }
  }
  cache = { defs, exts };
  return cache;
}

const inVersion = (x: { since?: number; until?: number }, version: number) =>
  (x.since === undefined || version >= x.since) && (x.until === undefined || version <= x.until);

/** The models that exist on a server of `version` with `modules` installed. */
export function resolveModels(version: number, modules: Set<string>): Map<string, ResolvedModel> {
  const { defs, exts } = load();
  const out = new Map<string, ResolvedModel>();
  for (const def of defs) {
    if (!modules.has(def.module) || !inVersion(def, version)) continue;
    const fields: Record<string, FieldDef> = {};
    // `name#variant` keys declare per-version alternatives of one field (e.g. `state#17`, `state#18`).
    for (const [key, fd] of Object.entries(def.fields)) {
      if (inVersion(fd, version) && (!fd.module || modules.has(fd.module))) fields[key.split('#')[0]] = fd;
    }
    const methods: Record<string, MethodDef> = {};
    for (const [name, md] of Object.entries(def.methods ?? {})) if (inVersion(md, version)) methods[name] = md;
    out.set(def.name, { ...def, fields, methods, hookList: def.hooks ? [def.hooks] : [] });
  }
  for (const ext of exts) {
    const target = out.get(ext.model);
    if (!target || !modules.has(ext.module)) continue;
    for (const [key, fd] of Object.entries(ext.fields ?? {})) if (inVersion(fd, version) && (!fd.module || modules.has(fd.module))) target.fields[key.split('#')[0]] = fd;
    for (const [name, md] of Object.entries(ext.methods ?? {})) if (inVersion(md, version)) target.methods[name] = md;
    if (ext.hooks) target.hookList.push(ext.hooks);
  }
  return out;
}
