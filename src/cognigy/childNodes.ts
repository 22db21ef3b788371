/**
 * The one child-node factory: the branches under a node ("On queued", "On error", ...) and how a
 * node picks one at run time.
 */
import { createNodeDescriptor, type INodeDescriptor } from "@cognigy/extension-tools";
import type { TNodeChildConfigs } from "@cognigy/extension-tools/build/interfaces/descriptor";

export interface ChildNodeSpec {
  type: string;
  label: string;
  /** Branch colour: the parent's, or red for error branches. */
  color: string;
}

export const ERROR_COLOR = "#d32f2f";

export function createChildNode(parentType: string, spec: ChildNodeSpec): INodeDescriptor {
  return createNodeDescriptor({
    type: spec.type,
    parentType,
    defaultLabel: spec.label,
    appearance: { color: spec.color, textColor: "white", variant: "mini" },
    constraints: {
      editable: false,
      deletable: false,
      creatable: false,
      movable: false,
      placement: { predecessor: { whitelist: [] } },
    },
  });
}

/** The id Cognigy gave the child of this type under the running node, if the Flow has it. */
export function childIdOf(
  childConfigs: readonly TNodeChildConfigs[] | undefined,
  type: string,
): string | undefined {
  return childConfigs?.find((child) => child.type === type)?.id;
}
