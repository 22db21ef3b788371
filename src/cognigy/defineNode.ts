/**
 * The one way to define an RCE node. A node gives what is its own, in three files (see
 * EngageNodeDefinition): its descriptor, its arguments and its behaviour; this adds what every RCE node
 * has, so the nodes look and behave alike in the Flow editor:
 *
 *   fields     connection, the node's fields, the storage fields, fields only Advanced shows, time budget
 *   sections   the node's sections, Storage, Advanced (the node's advanced keys and the time budget)
 *   form       connection, the node's fields that are in no section, then every section in order
 *   branches   the node's, then "On error"; the behaviour names a branch, Cognigy gets the child type
 *   function   runEngageNode: client, budget, request count and duration, storage, error branch
 */
import {
  createNodeDescriptor,
  type INodeDescriptor,
  type INodeFunctionBaseParams,
} from "@cognigy/extension-tools";
import type { INodeField, INodeSection } from "@cognigy/extension-tools/build/interfaces/descriptor";
import { ENGAGE_CONNECTION_TYPE } from "../connections/engageConnection";
import type { EngageClient, EngageClientOptions } from "../engage/client";
import type { EngageErrorInfo } from "../engage/errors";
import type { NodeOutcome } from "../nodes/shared/outcome";
import { createChildNode, ERROR_COLOR } from "./childNodes";
import {
  type BaseNodeConfig,
  DEFAULT_NODE_TIME_BUDGET_MS,
  MAX_TIME_BUDGET_MS,
  type NodeRun,
  runEngageNode,
} from "./engageNode";
import { STORAGE_SECTION, storageFields } from "./storage";

/** RCE's brand-adjacent orange for every node of this extension. */
export const NODE_COLOR = "#ff7a00";

const connectionField: INodeField = {
  key: "connection",
  type: "connection",
  label: "RingCentral Engage connection",
  params: { connectionType: ENGAGE_CONNECTION_TYPE, required: true },
};

const timeBudgetField: INodeField = {
  key: "timeBudgetMs",
  type: "number",
  label: "Time budget (ms)",
  description: `All RCE requests of this node, retries included, must finish within this time (${MAX_TIME_BUDGET_MS} ms at most; Cognigy stops a node after 20 s).`,
  defaultValue: DEFAULT_NODE_TIME_BUDGET_MS,
  params: { min: 1000, max: MAX_TIME_BUDGET_MS },
};

export interface Branch<B extends string = string> {
  /** The child node's type: Flows refer to it, so it never changes. */
  type: string;
  label: string;
  /** The branch taken instead in a Flow whose node has no child of this type (placed before it existed). */
  fallback?: NoInfer<B>;
}

/** What the Flow editor shows of a node (<node>/descriptor.ts): its fields, sections and branches. */
export interface EngageNodeDescriptor<B extends string> {
  type: string;
  /** The label Cognigy shows, also used in log lines. */
  label: string;
  summary: string;
  /** Cognigy's node menu tags; "service" unless given. */
  tags?: string[];
  /** The node's own fields, in order; connection, storage and time budget are added. */
  fields?: INodeField[];
  /** The node's own sections, shown before Storage and Advanced. */
  sections?: INodeSection[];
  /**
   * What the Advanced section shows besides the time budget: keys of fields given in `fields`, or
   * fields that live only there (they come after the storage fields).
   */
  advanced?: (string | INodeField)[];
  /** Default key the result is stored under (the builder may change it). */
  resultKey: string;
  /** The node's branches by the name its behaviour returns, in the order Cognigy shows them. */
  branches: Record<B, Branch<B>>;
  /** Child type of the "On error" branch, taken whenever the node fails. */
  errorBranch: string;
}

/**
 * One RCE node, in three parts with one job each:
 *   descriptor   <node>/descriptor.ts   what the editor shows
 *   argumentsOf  <node>/arguments.ts    config and conversation -> the behaviour's typed arguments; a
 *                                       wrong config throws one EngageError("config") naming every field
 *   behaviour    <node>/<node>.ts       arguments and the Engage client -> an outcome naming a branch
 *                                       (no Cognigy imports)
 */
export interface EngageNodeDefinition<C extends BaseNodeConfig, A, B extends string> {
  descriptor: EngageNodeDescriptor<B>;
  argumentsOf: (run: NodeRun<C>) => A;
  behaviour: (client: EngageClient, args: A) => Promise<NodeOutcome<NoInfer<B>>>;
  /** Extra values to write when the node fails (Handover nodes set `input.handover`). */
  onError?: (error: EngageErrorInfo) => Pick<NodeOutcome, "inputExtras" | "contextExtras">;
  /** Test seam: transport, clock, retry policy. */
  clientOptions?: EngageClientOptions;
}

export interface EngageNode {
  node: INodeDescriptor;
  children: INodeDescriptor[];
}

export function defineEngageNode<C extends BaseNodeConfig, A, B extends string>(
  definition: EngageNodeDefinition<C, A, B>,
): EngageNode {
  const descriptor = definition.descriptor;
  const advanced = descriptor.advanced ?? [];
  const advancedOnly = advanced.filter((entry): entry is INodeField => typeof entry !== "string");
  const fields = [
    connectionField,
    ...(descriptor.fields ?? []),
    ...storageFields(descriptor.resultKey),
    ...advancedOnly,
    timeBudgetField,
  ];
  const sections: INodeSection[] = [
    ...(descriptor.sections ?? []),
    STORAGE_SECTION,
    {
      key: "advanced",
      label: "Advanced",
      defaultCollapsed: true,
      fields: [...advanced.map((entry) => (typeof entry === "string" ? entry : entry.key)), "timeBudgetMs"],
    },
  ];
  const inSections = new Set(sections.flatMap((section) => section.fields));
  const form = [
    { type: "field" as const, key: connectionField.key },
    ...(descriptor.fields ?? [])
      .filter((field) => !inSections.has(field.key))
      .map((field) => ({ type: "field" as const, key: field.key })),
    ...sections.map((section) => ({ type: "section" as const, key: section.key })),
  ];

  const branches = Object.values<Branch>(descriptor.branches);
  const node = createNodeDescriptor({
    type: descriptor.type,
    defaultLabel: descriptor.label,
    summary: descriptor.summary,
    appearance: { color: NODE_COLOR, textColor: "white" },
    tags: descriptor.tags ?? ["service"],
    dependencies: { children: [...branches.map((branch) => branch.type), descriptor.errorBranch] },
    fields,
    sections,
    form,
    function: async (params: INodeFunctionBaseParams) => runEngageNode(params, definition),
  });
  const children = [
    ...branches.map((branch) => createChildNode(descriptor.type, { ...branch, color: NODE_COLOR })),
    createChildNode(descriptor.type, { type: descriptor.errorBranch, label: "On error", color: ERROR_COLOR }),
  ];
  return { node, children };
}
