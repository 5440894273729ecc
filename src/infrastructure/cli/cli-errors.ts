import { AppError } from '../errors';

/** One readable message for the operator: the error's message and, for validation, each field. */
export function describeCliError(err: unknown): string {
  if (err instanceof AppError) {
    const fields = Object.entries(err.details ?? {})
      .map(([k, v]) => `\n  ${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('');
    return `error: ${err.message}${fields}`;
  }
  const e = err as { message?: string; code?: string };
  // Connection failures name the service the operator must start.
  if (e?.code === 'ECONNREFUSED') return `error: cannot connect (${e.message}); is the database / Redis running?`;
  return `error: ${e?.message ?? String(err)}`;
}
