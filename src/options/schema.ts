/** The JSON schema of a table's file, for editors (`"$schema"` in the file) and as documentation. */
import { formOf, type OptionRow, type OptionTable } from "./table";

function propertyOf(row: OptionRow): Record<string, unknown> {
  const description = `${row.help} Environment: ${row.env}.${row.secret ? " A secret." : ""}`;
  const base = { description, ...(row.default !== undefined ? { default: row.default } : {}) };
  switch (row.kind) {
    case "integer":
      return { ...base, type: "integer", minimum: row.min, maximum: row.max };
    case "boolean":
      return { ...base, type: "boolean" };
    case "choice":
      return { ...base, enum: [...row.values] };
    case "list":
      return {
        ...base,
        type: "array",
        maxItems: row.maxItems,
        items: { type: "string", ...(row.itemPattern !== undefined ? { pattern: row.itemPattern } : {}) },
      };
    case "text":
      return {
        ...base,
        type: "string",
        ...(row.minLength !== undefined ? { minLength: row.minLength } : {}),
        ...(row.maxLength !== undefined ? { maxLength: row.maxLength } : {}),
        ...(row.pattern !== undefined ? { pattern: row.pattern, $comment: `${formOf(row)}` } : {}),
      };
  }
}

export function jsonSchemaOf(table: OptionTable, title: string): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    type: "object",
    additionalProperties: false,
    required: Object.keys(table).filter((key) => table[key].required),
    properties: {
      $schema: { type: "string" },
      ...Object.fromEntries(Object.entries(table).map(([key, row]) => [key, propertyOf(row)])),
    },
  };
}
