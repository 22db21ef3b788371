/**
 * Cognigy node test harness: runs a node descriptor's `function` like Cognigy.AI does (fake `cognigy.api`,
 * childConfigs, platform limits) and reports outputs, state changes and violations.
 *
 *   const result = await runNode(handoverNode, { config: { connection, ... }, nodes: extension.nodes });
 *   expectNoViolations(result);
 *   expect(result.nextNode?.type).to.equal("onSuccess");
 */
export { allText, expectNoViolations, HarnessViolationError } from "./assertions";
export { buildChildConfigs, DEFAULT_NODE_ID } from "./childConfigs";
export { defaultInput, defaultProfile, HARNESS_NOW } from "./defaults";
export type { HarnessApi } from "./fakeApi";
export {
  DEFAULT_LIMITS,
  EXECUTION_TIMEOUT_MS,
  jsonByteLength,
  MAX_API_CALLS,
  MAX_ARG_BYTES,
} from "./limits";
export { getPath } from "./paths";
export { runNode, runNodeStrict } from "./runNode";
export type {
  HarnessApiCall,
  HarnessChildConfig,
  HarnessCurrentTime,
  HarnessInput,
  HarnessLimits,
  HarnessLogRecord,
  HarnessNextNode,
  HarnessOutputRecord,
  HarnessProfile,
  HarnessResult,
  JsonObject,
  LogLevel,
  NodeDescriptor,
  RunNodeOptions,
} from "./types";
export { LOG_LEVELS } from "./types";
