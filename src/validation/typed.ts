/**
 * Ties a JSON schema to the TypeScript type it validates: every property the schema names must be a
 * field of the type, and every field the schema requires must be required in the type. (ajv's
 * JSONSchemaType would tie value types too, but cannot express RCE's "string or null, may be absent"
 * fields without losing the readable schemas.)
 */
import type { SchemaObject } from "ajv";

type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

export interface SchemaOf<T> extends SchemaObject {
  properties?: { [K in keyof T]?: SchemaObject };
  required?: readonly RequiredKeys<T>[];
}

export function schemaOf<T>(schema: SchemaOf<T>): SchemaOf<T> {
  return schema;
}
