import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { createChildNode, ERROR_COLOR } from "../../cognigy/childNodes";
import { type BaseNodeConfig, runEngageNode } from "../../cognigy/engageNode";
import { STORAGE_SECTION, storageFields } from "../../cognigy/storage";
import { handoverIdentities } from "../../engage/identities";
import {
  advancedSection,
  agentIdentityFields,
  botFields,
  connectionField,
  NODE_COLOR,
  timeBudgetField,
} from "../shared/fields";
import { checkSetup } from "./checkSetup";
import { formatReport } from "./report";

export const CHECK_SETUP_TYPE = "rceCheckSetup";
export const CHECK_SETUP_PASSED = "rceCheckSetupOnPassed";
export const CHECK_SETUP_FAILED = "rceCheckSetupOnFailed";
export const CHECK_SETUP_ERROR = "rceCheckSetupOnError";
export const CHECK_SETUP_RESULT_KEY = "rceSetupCheck";

interface CheckSetupConfig extends BaseNodeConfig {
  botUserId?: string;
  botName?: string;
  agentUserId?: string;
  agentName?: string;
}

export const checkSetupNode = createNodeDescriptor({
  type: CHECK_SETUP_TYPE,
  defaultLabel: "Check RCE Setup",
  summary:
    "Checks the RingCentral Engage setup (token, categories, source, permissions, webhook, agents) and says what to fix",
  appearance: { color: NODE_COLOR, textColor: "white" },
  tags: ["service"],
  dependencies: { children: [CHECK_SETUP_PASSED, CHECK_SETUP_FAILED, CHECK_SETUP_ERROR] },
  fields: [
    connectionField,
    ...storageFields(CHECK_SETUP_RESULT_KEY),
    ...botFields(),
    ...agentIdentityFields(),
    timeBudgetField,
  ],
  sections: [
    STORAGE_SECTION,
    advancedSection(["botUserId", "botName", "agentUserId", "agentName", "timeBudgetMs"]),
  ],
  form: [
    { type: "field", key: "connection" },
    { type: "section", key: "storage" },
    { type: "section", key: "advanced" },
  ],
  function: async (params: INodeFunctionBaseParams) =>
    runEngageNode<CheckSetupConfig>(params, {
      label: "Check RCE Setup",
      resultKey: CHECK_SETUP_RESULT_KEY,
      errorBranch: CHECK_SETUP_ERROR,
      run: async ({ client, config }) => {
        const identities = handoverIdentities({
          botId: config.botUserId,
          botName: config.botName,
          agentId: config.agentUserId,
          agentName: config.agentName,
        });
        const report = await checkSetup(client, { identities });
        const { pass, fail, cannotCheck } = report.counts;
        return {
          branch: report.status === "passed" ? CHECK_SETUP_PASSED : CHECK_SETUP_FAILED,
          result: { ...report },
          say: formatReport(report),
          log: {
            level: report.status === "passed" ? "info" : "warn",
            text: `Check RCE Setup: ${pass} pass, ${fail} fail, ${cannotCheck} cannot check.`,
          },
        };
      },
    }),
});

export const checkSetupChildren = [
  createChildNode(CHECK_SETUP_TYPE, {
    type: CHECK_SETUP_PASSED,
    label: "All checks passed",
    color: NODE_COLOR,
  }),
  createChildNode(CHECK_SETUP_TYPE, {
    type: CHECK_SETUP_FAILED,
    label: "Some checks failed",
    color: NODE_COLOR,
  }),
  createChildNode(CHECK_SETUP_TYPE, { type: CHECK_SETUP_ERROR, label: "On error", color: ERROR_COLOR }),
];
