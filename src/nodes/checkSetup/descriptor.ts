/** Check RCE Setup, its descriptor: what the Flow editor shows (fields, sections, branches). */
import type { EngageNodeDescriptor } from "../../cognigy/defineNode";
import { agentIdentityFields, botFields } from "../shared/fields";

export const checkSetupDescriptor: EngageNodeDescriptor<"passed" | "failed"> = {
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
};
