import { defineEngageNode } from "../../cognigy/defineNode";
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { agentIdentityFields, botFields, type IdentityConfig, identitiesOf } from "../shared/fields";
import { checkSetup } from "./checkSetup";
import { formatReport } from "./report";

type CheckSetupConfig = BaseNodeConfig & IdentityConfig;

export const checkSetupNode = defineEngageNode({
  type: "rceCheckSetup",
  label: "Check RCE Setup",
  summary:
    "Checks the RingCentral Engage setup (token, categories, source, permissions, webhook, agents) and says what to fix",
  advanced: [...botFields(), ...agentIdentityFields()],
  resultKey: "rceSetupCheck",
  branches: {
    passed: { type: "rceCheckSetupOnPassed", label: "All checks passed" },
    failed: { type: "rceCheckSetupOnFailed", label: "Some checks failed" },
  },
  errorBranch: "rceCheckSetupOnError",
  run: async ({ client, config }: NodeRun<CheckSetupConfig>) => {
    const report = await checkSetup(client, { identities: identitiesOf(config) });
    const { pass, fail, cannotCheck } = report.counts;
    return {
      branch: report.status === "passed" ? "passed" : "failed",
      result: { ...report },
      say: formatReport(report),
      log: {
        level: report.status === "passed" ? "info" : "warn",
        text: `Check RCE Setup: ${pass} pass, ${fail} fail, ${cannotCheck} cannot check.`,
      },
    };
  },
});
