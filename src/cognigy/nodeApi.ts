/**
 * The few Cognigy api calls our nodes make, typed. extension-tools 0.14 types every member as optional
 * and lacks addToInput (which exists at run time), so the cast lives here, once.
 */
import type { INodeExecutionAPI } from "@cognigy/extension-tools/build/interfaces/descriptor";
import type { LogLevel } from "../nodes/shared/outcome";

export type { LogLevel };

export interface NodeApi {
  say(text: string, data?: Record<string, unknown>): void;
  addToContext(key: string, value: unknown, mode: "simple" | "array"): void;
  addToInput(key: string, value: unknown): void;
  setNextNode(nodeId: string): void;
  log(level: LogLevel, text: string): void;
}

type RuntimeApi = INodeExecutionAPI & { addToInput?: (key: string, value: unknown) => void };

export function toNodeApi(api: INodeExecutionAPI): NodeApi {
  const runtime = api as RuntimeApi;
  return {
    say: (text, data) => runtime.say?.(text, data),
    addToContext: (key, value, mode) => runtime.addToContext?.(key, value, mode),
    addToInput: (key, value) => runtime.addToInput?.(key, value),
    setNextNode: (nodeId) => runtime.setNextNode?.(nodeId),
    log: (level, text) => runtime.log?.(level, text),
  };
}
