/** The two kinds of message author: the end user (through the profile mapper) and the bot (a puppet). */
import { EngageError } from "../../engage/errors";
import type { SdkUser } from "../../engage/types";
import { mapProfileToUser } from "../../profile/mapper";
import { type ProfileNodeSettings, parseProfileSettings } from "../../profile/options";
import { validateSdkUser } from "../../profile/userSchema";

export const DEFAULT_BOT_USER_ID = "cognigy-bot";
export const DEFAULT_BOT_NAME = "Bot";

/** The end user as RCE shows them, built by the same mapper as Sync Profile. */
export function customerAuthor(
  profile: unknown,
  settings: ProfileNodeSettings,
  fallbackUserId: string,
  now: Date,
): SdkUser {
  const parsed = parseProfileSettings(settings);
  const userId = parsed.userId ?? fallbackUserId;
  if (!userId)
    throw new EngageError("config", "RCE user id is empty and the input has no userId.", {
      fields: ["RCE user id"],
    });
  const { user } = mapProfileToUser(profile, { ...parsed.options, userId, now: now.toISOString() });
  const check = validateSdkUser(user);
  if (!check.ok)
    throw new EngageError(
      "validation",
      `The mapped profile is not a valid RCE user (${check.problems[0]}); check the Profile mapping.`,
    );
  return user;
}

/**
 * The bot as author: puppetizable, so an admin can mark its identity Controlled (setup step 7) and
 * bot messages show on the agent's side of the conversation.
 */
export function botAuthor(botUserId: string | undefined, botName: string | undefined, now: Date): SdkUser {
  const id = botUserId?.trim() || DEFAULT_BOT_USER_ID;
  const at = now.toISOString();
  return {
    id: id.slice(0, 255),
    screenname: (botName?.trim() || DEFAULT_BOT_NAME).slice(0, 255),
    puppetizable: true,
    created_at: at,
    updated_at: at,
  };
}
