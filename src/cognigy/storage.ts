/**
 * Where a node keeps its result: the input (this turn only) or the context (the conversation), under
 * a key the builder picks. The same fields on every node (defineNode adds them).
 */
import type { INodeField, INodeSection } from "@cognigy/extension-tools/build/interfaces/descriptor";
import type { NodeApi } from "./nodeApi";

export interface StorageConfig {
  storeLocation?: "input" | "context";
  inputKey?: string;
  contextKey?: string;
}

export function storageFields(defaultKey: string): INodeField[] {
  return [
    {
      key: "storeLocation",
      type: "select",
      label: "Where to store the result",
      defaultValue: "input",
      params: {
        options: [
          { label: "Input (this turn)", value: "input" },
          { label: "Context (whole conversation)", value: "context" },
        ],
        required: true,
      },
    },
    {
      key: "inputKey",
      type: "cognigyText",
      label: "Input key",
      defaultValue: defaultKey,
      condition: { key: "storeLocation", value: "input" },
    },
    {
      key: "contextKey",
      type: "cognigyText",
      label: "Context key",
      defaultValue: defaultKey,
      condition: { key: "storeLocation", value: "context" },
    },
  ];
}

export const STORAGE_SECTION: INodeSection = {
  key: "storage",
  label: "Storage",
  defaultCollapsed: true,
  fields: ["storeLocation", "inputKey", "contextKey"],
};

export function storeResult(api: NodeApi, config: StorageConfig, defaultKey: string, value: unknown): void {
  if (config.storeLocation === "context") {
    api.addToContext(config.contextKey?.trim() || defaultKey, value, "simple");
  } else {
    api.addToInput(config.inputKey?.trim() || defaultKey, value);
  }
}
