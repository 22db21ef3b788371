/**
 * The builder's queue message with its placeholders filled in. The builder writes the sentence in the
 * user's language; we only supply numbers, so nothing here needs translating. A message whose
 * placeholders cannot all be filled is not said (better silence than "position ?").
 */
import type { QueueFigures } from "./lookupQueueStatus";

export function queueMessage(template: string | undefined, figures: QueueFigures): string | undefined {
  const text = template?.trim();
  if (!text) return undefined;
  const values: Record<string, number | undefined> = {
    position: figures.position,
    waitMinutes:
      figures.estimatedWaitTimeMs === undefined
        ? undefined
        : Math.max(1, Math.round(figures.estimatedWaitTimeMs / 60_000)),
    waitSeconds:
      figures.estimatedWaitTimeMs === undefined ? undefined : Math.round(figures.estimatedWaitTimeMs / 1000),
  };
  let complete = true;
  const filled = text.replace(/\{(position|waitMinutes|waitSeconds)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) complete = false;
    return String(value);
  });
  return complete ? filled : undefined;
}
