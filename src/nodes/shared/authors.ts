/** The two kinds of message author: the end user (through the profile mapper) and the bot (a puppet). */
import { EngageError } from "../../engage/errors";
import { type HandoverIdentities, puppetUser } from "../../engage/identities";
import type { SdkUser } from "../../engage/types";
import { mapProfileToUser } from "../../profile/mapper";
import { type ProfileNodeSettings, parseProfileSettings } from "../../profile/options";
import { validateSdkUser } from "../../profile/userSchema";

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
 * The bot as author: the Bot puppet identity (an admin marks it Controlled, setup step 7), so bot
 * messages show on the agent's side of the conversation.
 */
export function botAuthor(identities: HandoverIdentities, now: Date): SdkUser {
  return puppetUser(identities.bot, now);
}
