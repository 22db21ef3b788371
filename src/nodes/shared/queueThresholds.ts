/**
 * The queue thresholds Lookup Queue Status and Route to RCE share (like Cognigy's "alternative
 * update"): a position or wait over its limit takes the node's "Over threshold" branch.
 */
import type { INodeField } from "@cognigy/extension-tools/build/interfaces/descriptor";

export interface ThresholdConfig {
  maxPosition?: number;
  maxWaitMinutes?: number;
}

export const THRESHOLD_FIELD_KEYS = ["maxPosition", "maxWaitMinutes"];

export function thresholdFields(normalBranch: string): INodeField[] {
  return [
    {
      key: "maxPosition",
      type: "number",
      label: "Maximum queue position",
      description: `Above this position take 'Over threshold' instead of '${normalBranch}'. 0: no limit.`,
      defaultValue: 0,
      params: { min: 0 },
    },
    {
      key: "maxWaitMinutes",
      type: "number",
      label: "Maximum estimated wait (minutes)",
      description: `Above this wait take 'Over threshold' instead of '${normalBranch}'. 0: no limit.`,
      defaultValue: 0,
      params: { min: 0 },
    },
  ];
}

export function positive(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export function overThreshold(
  figures: { position?: number; estimatedWaitTimeMs?: number },
  config: ThresholdConfig,
): boolean {
  const maxPosition = positive(config.maxPosition);
  const maxWait = positive(config.maxWaitMinutes);
  return (
    (maxPosition !== undefined && figures.position !== undefined && figures.position > maxPosition) ||
    (maxWait !== undefined &&
      figures.estimatedWaitTimeMs !== undefined &&
      figures.estimatedWaitTimeMs > maxWait * 60_000)
  );
}
