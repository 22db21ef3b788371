import { conversationOf } from "../../cognigy/conversation";
import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { EngageError } from "../../engage/errors";
import { type ProfileNodeSettings, parseProfileSettings } from "../../profile/options";
import { PROFILE_SECTION_FIELDS, profileFields } from "../shared/fields";
import { syncProfile } from "./syncProfile";

type SyncProfileConfig = BaseNodeConfig & ProfileNodeSettings;

export const syncProfileNode = defineEngageNode({
  type: "rceSyncProfile",
  label: "Sync Profile",
  summary: "Sends the Cognigy contact profile to RingCentral Engage, so agents see who they talk to",
  fields: [
    ...profileFields(),
    {
      key: "updateIdentityGroup",
      type: "toggle",
      label: "Also update the RCE customer record",
      description:
        "Writes name, gender, e-mail and phones to the identity group, when RCE has one for this user.",
      defaultValue: false,
    },
  ],
  sections: [
    {
      key: "profile",
      label: "Profile mapping",
      defaultCollapsed: true,
      fields: [...PROFILE_SECTION_FIELDS, "updateIdentityGroup"],
    },
  ],
  resultKey: "rceProfile",
  branches: { success: { type: "rceSyncProfileOnSuccess", label: "On success" } },
  errorBranch: "rceSyncProfileOnError",
  run: async ({ config, client, input, profile }: NodeRun<SyncProfileConfig>) => {
    const settings = parseProfileSettings(config);
    const userId = settings.userId ?? conversationOf(input).userId;
    if (!userId)
      throw new EngageError("config", "RCE user id is empty and the input has no userId.", {
        fields: ["RCE user id"],
      });
    const result = await syncProfile(client, {
      userId,
      profile,
      options: settings.options,
      updateIdentityGroup: settings.updateIdentityGroup,
    });
    return { branch: "success", result: { ...result } };
  },
});
