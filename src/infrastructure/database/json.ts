/**
 * The type of a jsonb column. `any` values because TypeORM's insert typing rejects `unknown`;
 * read such columns through a DTO or a type guard, never trust them as typed data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonObject = Record<string, any>;
