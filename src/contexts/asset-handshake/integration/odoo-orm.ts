/**
 * The ORM calls the Odoo commerce adapter makes, bound to the shared Odoo provider (`src/odoo`)
 * in the module. Values follow Odoo's conventions (false for empty, many2one as [id, name],
 * naive UTC datetimes) and the adapter maps them into our types.
 */
export type OdooDomain = Array<string | [string, string, unknown]>;

export abstract class OdooOrm {
  abstract searchRead(model: string, domain: OdooDomain, fields: string[], opts?: { limit?: number; order?: string; offset?: number }): Promise<Array<Record<string, unknown>>>;
  abstract read(model: string, ids: number[], fields: string[]): Promise<Array<Record<string, unknown>>>;
  abstract search(model: string, domain: OdooDomain, opts?: { limit?: number; order?: string }): Promise<number[]>;
  abstract create(model: string, vals: Record<string, unknown>): Promise<number>;
  abstract write(model: string, ids: number[], vals: Record<string, unknown>): Promise<void>;
  /** Any public model method (`message_post`, …) on records (`ids`) or the model (`ids` empty). */
  abstract callMethod(model: string, method: string, ids: number[], kwargs?: Record<string, unknown>): Promise<unknown>;
  /** Field names of a model (cached by the implementation). */
  abstract fieldNames(model: string): Promise<Set<string>>;
}
