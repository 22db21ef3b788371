/**
 * Builds the `childConfigs` array Cognigy passes to a node function: one `{id, type, config}` per
 * child type listed in the descriptor's `dependencies.children`, in that order.
 */
import type { HarnessChildConfig, NodeDescriptor } from "./types";

/** Deterministic UUID-shaped id, so failures are reproducible. */
export function fakeNodeId(kind: number, index: number): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
  return `${hex(kind, 8)}-0000-4000-8000-${hex(index, 12)}`;
}

export const DEFAULT_NODE_ID = fakeNodeId(0xa0de, 0);

export interface ChildConfigBuild {
  childConfigs: HarnessChildConfig[];
  /** Problems found while resolving children (reported as violations). */
  problems: string[];
}

export function buildChildConfigs(
  descriptor: NodeDescriptor,
  nodes: readonly NodeDescriptor[] | undefined,
): ChildConfigBuild {
  const childTypes = descriptor.dependencies?.children ?? [];
  const problems: string[] = [];
  const childConfigs = childTypes.map((type, index): HarnessChildConfig => {
    if (nodes) {
      const child = nodes.find((node) => node.type === type);
      if (!child) {
        problems.push(
          `dependencies.children of "${descriptor.type}" lists "${type}", but no node of that type was provided in options.nodes`,
        );
      } else if (child.parentType !== descriptor.type) {
        problems.push(
          `child node "${type}" has parentType ${JSON.stringify(child.parentType ?? null)}, expected "${descriptor.type}"`,
        );
      }
    }
    return { id: fakeNodeId(0xc41d, index + 1), type, config: {} };
  });
  return { childConfigs, problems };
}
