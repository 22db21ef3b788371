/** Check RCE Setup, its arguments: the identities the other nodes use, from the node's fields. */
import type { BaseNodeConfig, NodeRun } from "../../cognigy/engageNode";
import { type IdentityConfig, identitiesOf } from "../shared/fields";
import type { CheckSetupOptions } from "./checkSetup";

export type CheckSetupConfig = BaseNodeConfig & IdentityConfig;

export function checkSetupArguments({ config }: NodeRun<CheckSetupConfig>): CheckSetupOptions {
  return { identities: identitiesOf(config) };
}
