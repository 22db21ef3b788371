/**
 * Turns the profile settings a bot builder entered on a node into mapper options, validated with ajv.
 * A bad value is a "config" error naming the node field.
 */
import { EngageError } from "../engage/errors";
import { type ProfileMappingOptions, RCE_USER_FIELDS } from "./mapper";
import { validatorFor } from "./validators";

export interface ProfileNodeSettings {
  /** Empty: use Cognigy's userId. */
  userId?: string;
  /** JSON object, as Cognigy's json field delivers it (object) or as text. */
  mapping?: unknown;
  include?: unknown;
  exclude?: unknown;
  ignorePreventDataCollection?: unknown;
  updateIdentityGroup?: unknown;
}

interface CheckedSettings {
  userId?: string;
  mapping?: Record<string, string>;
  include?: string[];
  exclude?: string[];
  ignorePreventDataCollection?: boolean;
  updateIdentityGroup?: boolean;
}

const validate = validatorFor<CheckedSettings>("profileOptions");

const FIELD_LABELS: Record<string, string> = {
  userId: "RCE user id",
  mapping: "Profile mapping",
  include: "Only these profile keys",
  exclude: "Never send these profile keys",
};

function list(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string")
    return value
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  return value;
}

function mappingObject(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new EngageError(
      "config",
      'Profile mapping is not valid JSON: write an object like {"phone": "mobile_phone", "customerNo": "context:customer-number"}.',
      {
        fields: [FIELD_LABELS.mapping],
      },
    );
  }
}

export interface ParsedProfileSettings {
  options: Omit<ProfileMappingOptions, "userId" | "now">;
  userId?: string;
  updateIdentityGroup: boolean;
}

export function parseProfileSettings(settings: ProfileNodeSettings): ParsedProfileSettings {
  const candidate = {
    userId:
      typeof settings.userId === "string" && settings.userId.trim() ? settings.userId.trim() : undefined,
    mapping: mappingObject(settings.mapping),
    include: list(settings.include),
    exclude: list(settings.exclude),
    ignorePreventDataCollection:
      settings.ignorePreventDataCollection === undefined
        ? undefined
        : settings.ignorePreventDataCollection === true,
    updateIdentityGroup:
      settings.updateIdentityGroup === undefined ? undefined : settings.updateIdentityGroup === true,
  };
  for (const key of Object.keys(candidate) as (keyof typeof candidate)[])
    if (candidate[key] === undefined) delete candidate[key];
  const result = validate(candidate);
  if (!result.ok) {
    const field =
      Object.keys(FIELD_LABELS).find((f) => result.problems.some((p) => p.startsWith(f))) ?? "mapping";
    const detail = result.problems.some((p) => p.startsWith("mapping."))
      ? `each value must be an RCE user field (${RCE_USER_FIELDS.join(", ")}) or context:<key>`
      : result.problems.slice(0, 2).join("; ");
    throw new EngageError("config", `${FIELD_LABELS[field]}: ${detail}.`, { fields: [FIELD_LABELS[field]] });
  }
  const value = result.value;
  return {
    userId: value.userId,
    updateIdentityGroup: value.updateIdentityGroup ?? false,
    options: {
      mapping: value.mapping,
      include: value.include,
      exclude: value.exclude,
      ignorePreventDataCollection: value.ignorePreventDataCollection ?? false,
    },
  };
}
