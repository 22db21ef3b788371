/** Shared by every check: a check never throws; anything unexpected becomes "cannot check". */
import { type EngageError, toEngageError } from "../../../engage/errors";
import { type CheckHead, cannotCheck, clip, type SetupCheck } from "../report";

/** The client's messages already say what failed and never hold a secret; keep them short. */
export function reason(error: EngageError): string {
  return clip(error.message, 300);
}

export async function guarded(head: CheckHead, run: () => Promise<SetupCheck>): Promise<SetupCheck> {
  try {
    return await run();
  } catch (thrown) {
    return cannotCheck(head, reason(toEngageError(thrown, `check ${head.title}`)));
  }
}

/** "https://host/path" without query, fragment or credentials: a webhook URL may carry a token. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "an unreadable URL";
  }
}

export function quoted(name: string | null | undefined, fallback: string): string {
  const text = typeof name === "string" && name.trim() ? clip(name, 80) : "";
  return text ? `"${text}"` : fallback;
}
