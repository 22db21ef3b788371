/**
 * RCE's Source SDK user object as a JSON schema (objects.md "User"), including the context_data key
 * rule `[a-zA-Z-]`. The mapper's output is checked against it before anything is sent.
 */
import type { SchemaObject } from "ajv";
import type { SdkUser } from "../engage/types";
import { lazyValidator } from "../engage/validation";

const text: SchemaObject = { type: "string", minLength: 1, maxLength: 2048 };
const isoDate: SchemaObject = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$" };

export const sdkUserSchema: SchemaObject = {
  type: "object",
  required: ["id", "screenname", "created_at", "updated_at"],
  additionalProperties: false,
  properties: {
    id: { type: "string", minLength: 1, maxLength: 255 },
    screenname: { type: "string", minLength: 1, maxLength: 255 },
    created_at: isoDate,
    updated_at: isoDate,
    firstname: text,
    lastname: text,
    email: text,
    home_phone: text,
    mobile_phone: text,
    gender: { enum: ["man", "woman"] },
    avatar_url: text,
    puppetizable: { type: "boolean" },
    context_data: {
      type: "object",
      maxProperties: 100,
      propertyNames: { pattern: "^[a-zA-Z-]+$", maxLength: 64 },
      additionalProperties: {
        anyOf: [
          { type: "string", maxLength: 1000 },
          { type: "array", maxItems: 50, items: { type: "string", maxLength: 1000 } },
        ],
      },
    },
  },
};

export const validateSdkUser = lazyValidator<SdkUser>(sdkUserSchema);
