/**
 * What `npm run setup-rce` plans and does: one item per object it looks at, in the order of the
 * README's setup steps. No Cognigy imports; only src/engage.
 */
import type { EngageClient } from "../engage/client";
import type { HandoverIdentities } from "../engage/identities";

/**
 * - ok: already right, nothing to do;
 * - change: the plan would change it (plan mode);
 * - done: changed now (apply mode);
 * - failed: RCE refused or could not be asked; `fix` says what to do;
 * - blocked: depends on an item that failed or cannot be known;
 * - waiting: needs the admin first (the gateway running), then another run;
 * - manual: left to the admin on purpose (`fix` says how).
 */
export type ItemStatus = "ok" | "change" | "done" | "failed" | "blocked" | "waiting" | "manual";

export interface SetupItem {
  /** The README's setup step (2, 3, 4, 5, 7). */
  step: number;
  /** The object: "Category Bot under Cognigy", "Webhook …". */
  what: string;
  status: ItemStatus;
  /** What is there, what would change, or what happened. Never a secret. */
  detail: string;
  /** failed / blocked / waiting / manual: what the admin does about it. */
  fix?: string;
}

export interface CategoryNames {
  parent: string;
  bot: string;
  agent: string;
}

export const DEFAULT_CATEGORY_NAMES: CategoryNames = { parent: "Cognigy", bot: "Bot", agent: "Agent" };

/** The webhook's two secrets; `known` when they came from an earlier run (or the admin), not generated now. */
export interface WebhookSecrets {
  webhookSecret: string;
  verifyToken: string;
  known: boolean;
}

/** Whether the gateway answers RCE's verification request with our token and secret. */
export interface GatewayProbe {
  ready: boolean;
  /** Why not, in a few words (status, network error); never a secret. */
  detail: string;
}

export interface SetupOptions {
  apply: boolean;
  /** Agents (RCE user ids) to be given read and reply on the source; empty = step 4 left by hand. */
  agents: readonly string[];
  /** Where RCE sends webhook events (and the source's Base URI): <gateway>/handover/rce. */
  webhookUrl: string;
  secrets: WebhookSecrets;
  names: CategoryNames;
  identities: HandoverIdentities;
  /** Asks the gateway the verification question RCE will ask. */
  probeGateway: (webhookUrl: string, secrets: WebhookSecrets) => Promise<GatewayProbe>;
  /** Where the connection values go (named in the advice). */
  outFile: string;
  now?: () => Date;
}

/** What every step gets: the client, the options, and the category ids found or made so far. */
export interface StepContext {
  client: EngageClient;
  options: SetupOptions;
  categories: CategoryIds;
}

/** An id, "pending" (the plan creates it first), or undefined (failed or unknown). */
export type PlannedId = string | "pending" | undefined;

export interface CategoryIds {
  parent: PlannedId;
  bot: PlannedId;
  agent: PlannedId;
}

export interface SetupResult {
  mode: "plan" | "apply";
  items: SetupItem[];
  counts: Record<ItemStatus, number>;
  /** Real ids only (never "pending"). */
  botCategoryId?: string;
  agentCategoryId?: string;
  rceRequests: number;
}
