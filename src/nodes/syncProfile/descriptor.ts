/** Sync Profile, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { PROFILE_SECTION_FIELDS, profileFields } from "../shared/fields";

export const syncProfileDescriptor: EngageNodeDescriptor<"success"> = {
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
};
