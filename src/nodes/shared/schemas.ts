/** What bot builders type into node fields, as JSON schemas (compiled by ./validators.ts). */
import type { SchemaObject } from "ajv";

const transcriptSchema: SchemaObject = {
  type: "array",
  maxItems: 500,
  items: {
    type: "object",
    required: ["source", "text"],
    properties: {
      source: { enum: ["user", "bot", "agent"] },
      text: { type: "string" },
      timestamp: { type: ["string", "number"] },
    },
  },
};

const categoryIdListSchema: SchemaObject = {
  type: "array",
  maxItems: 20,
  items: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
};

export const NODE_SCHEMAS = { transcript: transcriptSchema, categoryIdList: categoryIdListSchema } as const;

export type NodeSchemaName = keyof typeof NODE_SCHEMAS;
