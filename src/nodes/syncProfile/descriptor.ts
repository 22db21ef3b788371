import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { conversationOf } from "../../cognigy/conversation";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import { EngageError } from "../../engage/errors";
import { type ProfileNodeSettings, parseProfileSettings } from "../../profile/options";
import {
  advancedSection,
  connectionField,
  NODE_COLOR,
  PROFILE_SECTION_FIELDS,
  profileFields,
  timeBudgetField,
} from "../shared/fields";
import { syncProfile } from "./syncProfile";

export const SYNC_PROFILE_TYPE = "rceSyncProfile";
export const SYNC_PROFILE_SUCCESS = "rceSyncProfileOnSuccess";
export const SYNC_PROFILE_ERROR = "rceSyncProfileOnError";
export const SYNC_PROFILE_RESULT_KEY = "rceProfile";

type SyncProfileConfig = BaseNodeConfig & ProfileNodeSettings;

export const syncProfileNode = createNodeDescriptor({
  type: SYNC_PROFILE_TYPE,
  defaultLabel: "Sync Profile",
  summary: "Sends the Cognigy contact profile to RingCentral Engage, so agents see who they talk to",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service"],
  dependencies: { children: [SYNC_PROFILE_SUCCESS, SYNC_PROFILE_ERROR] },
  fields: [
    connectionField,
    ...profileFields(),
    {
      key: "updateIdentityGroup",
      type: "toggle",
      label: "Also update the RCE customer record",
      description:
        "Writes name, gender, e-mail and phones to the identity group, when RCE has one for this user.",
      defaultValue: false,
    },
    ...storageFields(SYNC_PROFILE_RESULT_KEY),
    timeBudgetField,
  ],
  sections: [
    {
      key: "profile",
      label: "Profile mapping",
      defaultCollapsed: true,
      fields: [...PROFILE_SECTION_FIELDS, "updateIdentityGroup"],
    },
    STORAGE_SECTION,
    advancedSection(["timeBudgetMs"]),
  ],
  form: [
    { type: "field", key: "connection" },
    { type: "section", key: "profile" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<SyncProfileConfig>(params, {
      label: "Sync Profile",
      resultKey: SYNC_PROFILE_RESULT_KEY,
      errorBranch: SYNC_PROFILE_ERROR,
      run: async ({ config, client, input, profile }) => {
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
        return { branch: SYNC_PROFILE_SUCCESS, result: { ...result } };
      },
    }),
});

export const syncProfileChildren = [
  createChildNode(SYNC_PROFILE_TYPE, { type: SYNC_PROFILE_SUCCESS, label: "On success", color: NODE_COLOR }),
  createChildNode(SYNC_PROFILE_TYPE, { type: SYNC_PROFILE_ERROR, label: "On error", color: ERROR_COLOR }),
];
