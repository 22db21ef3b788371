/** Sync Profile, its arguments: the node's config and the conversation read into the sync's arguments. */
import { conversationOf } from "../../cognigy/conversation";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { EngageError } from "../../engage/errors";
import { type ProfileNodeSettings, parseProfileSettings } from "../../profile/options";
import type { SyncProfileArgs } from "./syncProfile";

export type SyncProfileConfig = BaseNodeConfig & ProfileNodeSettings;

export function syncProfileArguments({
  config,
  input,
  profile,
}: NodeRun<SyncProfileConfig>): SyncProfileArgs {
  const settings = parseProfileSettings(config);
  const userId = settings.userId ?? conversationOf(input).userId;
  if (!userId)
    throw new EngageError("config", "RCE user id is empty and the input has no userId.", {
      fields: ["RCE user id"],
    });
  return { userId, profile, options: settings.options, updateIdentityGroup: settings.updateIdentityGroup };
}
