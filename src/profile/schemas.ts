import type { SchemaObject } from "ajv";
import { RCE_USER_FIELDS } from "./mapper";

/** Profile mapping settings as the bot builder enters them on a node (Sync Profile, Handover to RCE, ...). */
const profileOptionsSchema: SchemaObject = {
  type: "object",
  properties: {
    userId: { type: "string", maxLength: 255 },
    mapping: {
      type: "object",
      maxProperties: 100,
      propertyNames: { minLength: 1, maxLength: 200 },
      additionalProperties: {
        type: "string",
        anyOf: [{ enum: [...RCE_USER_FIELDS] }, { pattern: "^context:[^\\s]{1,64}$" }],
      },
    },
    include: { type: "array", maxItems: 200, items: { type: "string", minLength: 1, maxLength: 200 } },
    exclude: { type: "array", maxItems: 200, items: { type: "string", minLength: 1, maxLength: 200 } },
    ignorePreventDataCollection: { type: "boolean" },
    updateIdentityGroup: { type: "boolean" },
  },
};

/** Every schema of the profile mapper, by name (compiled by ./validators.ts). */
export const PROFILE_SCHEMAS = { profileOptions: profileOptionsSchema } as const;

export type ProfileSchemaName = keyof typeof PROFILE_SCHEMAS;
