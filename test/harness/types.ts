/**
 * Public types of the Cognigy node test harness.
 *
 * The harness deliberately exposes `unknown` instead of the `any`-typed shapes of
 * @cognigy/extension-tools, so tests narrow what they read (or use chai's `nested.property`).
 */
import type { INodeDescriptor } from "@cognigy/extension-tools";

/** A node descriptor as produced by `createNodeDescriptor` (0.14 typing). */
export type NodeDescriptor = INodeDescriptor;

/** A plain JSON-ish object. */
export type JsonObject = Record<string, unknown>;

/** Log levels of Cognigy's `api.log` (extension-tools 0.17 typing; 0.14 types it as `string`). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The platform limits the harness enforces. All are configurable per run. */
export interface HarnessLimits {
  /** Maximum number of `api.*` calls per execution (Cognigy `MODULE_MAX_EVENT_EMISSIONS`, default 10). */
  maxApiCalls: number;
  /** Maximum JSON size in bytes of any single argument of an `api.*` call (default 62 KB = 63,488). */
  maxArgBytes: number;
  /** Maximum execution time in milliseconds (Cognigy `MAX_MODULE_EXECUTION_TIME_IN_SECONDS`, default 20 s). */
  timeoutMs: number;
  /**
   * Whether `api.log` counts against `maxApiCalls`. Cognigy docs (2025-10) count every call; newer docs
   * (2026.9) exempt `api.log`. Default `true` (the stricter reading).
   */
  countLog: boolean;
}

/** The `currentTime` object Cognigy puts on the input. */
export interface HarnessCurrentTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  milliseconds: number;
  weekday: number;
  dayOfWeek: string;
  ISODate: string;
  plain: string;
  timezoneOffset: string;
}

/** The Cognigy input object as the harness models it (open shape, like Cognigy's). */
export interface HarnessInput extends JsonObject {
  text: string;
  data: JsonObject;
  userId: string;
  sessionId: string;
  inputId: string;
  URLToken: string;
  channel: string;
  endpointType: string;
  currentTime: HarnessCurrentTime;
}

/** The Cognigy contact profile (open shape). */
export interface HarnessProfile extends JsonObject {
  firstname?: string;
  lastname?: string;
  email?: string;
  gender?: string;
  profilepic?: string;
  prevent_data_collection?: boolean;
  accepted_gdpr?: boolean;
  goals?: string[];
}

/** One entry of `childConfigs`, exactly as Cognigy passes it to a node function. */
export interface HarnessChildConfig {
  id: string;
  type: string;
  config: JsonObject;
}

export interface RunNodeOptions {
  /**
   * The node's field values. The connection arrives as `config.connection`, an object keyed by the
   * connection schema's `fieldName`s.
   */
  config: JsonObject;
  /** Partial input, merged over the harness defaults (`data` is replaced, not merged). */
  input?: Partial<HarnessInput> & JsonObject;
  /** Contact profile, merged over the harness default profile. */
  profile?: HarnessProfile;
  /** Initial context. */
  context?: JsonObject;
  /**
   * Cognigy's `lastConversationEntries` ({source: "user" | "bot", text}, oldest first), as the platform
   * gives its own nodes; left out when not set, as for an extension on a runtime that does not pass it.
   */
  lastConversationEntries?: JsonObject[];
  /**
   * All node descriptors of the extension. Used to resolve `dependencies.children` into `childConfigs`
   * (a child type missing from this list is a violation). When omitted, children are built from the
   * declared types alone.
   */
  nodes?: readonly NodeDescriptor[];
  /** Overrides of the platform limits. */
  limits?: Partial<HarnessLimits>;
  /** The id of the node under test (default: a fixed UUID). */
  nodeId?: string;
  /** Fill config keys that are missing from `config` with the fields' `defaultValue` (default `true`). */
  applyFieldDefaults?: boolean;
  /** Reject (instead of resolving) when the run has violations. Same as calling `runNodeStrict`. */
  strict?: boolean;
  /**
   * Treat `api.setNextNode(id)` with an id that is not one of this node's children as a violation
   * (default `true`; extension nodes can only know their own children's ids).
   */
  requireChildNextNode?: boolean;
  /**
   * Treat direct mutation of `cognigy.input` / `cognigy.context` / `cognigy.profile` by the node as a
   * violation (default `true`). In the untrusted sandbox only `api.*` calls reach the platform, so the
   * harness hands the node snapshots and only `api.*` calls change the returned state.
   */
  forbidDirectMutation?: boolean;
}

export interface HarnessOutputRecord {
  text: string | undefined;
  data: unknown;
}

export interface HarnessLogRecord {
  level: string;
  text: string;
}

export interface HarnessApiCall {
  method: string;
  /** Arguments as they would cross Cognigy's event bus (JSON round-trip when possible). */
  args: unknown[];
  /** True when the call exceeded `maxApiCalls` or came after the execution ended; it had no effect. */
  rejected: boolean;
}

export interface HarnessNextNode {
  id: string;
  /** The child's type, or `undefined` if the id is not one of this node's children. */
  type: string | undefined;
}

export interface HarnessResult {
  /** `type` of the descriptor that ran. */
  nodeType: string;
  outputs: HarnessOutputRecord[];
  context: JsonObject;
  input: HarnessInput;
  profile: HarnessProfile;
  logs: HarnessLogRecord[];
  apiCalls: HarnessApiCall[];
  /** Number of calls counted against `maxApiCalls` (excludes `log` when `countLog` is false). */
  apiCallCount: number;
  nextNode: HarnessNextNode | undefined;
  /** Human-readable descriptions of every platform rule the node broke. Empty means clean. */
  violations: string[];
  /** The uncaught exception / rejection of the node function, if any. */
  error?: Error;
  durationMs: number;
  /** The `childConfigs` passed to the node. */
  childConfigs: HarnessChildConfig[];
  /** True when the execution was cut off by `timeoutMs`. */
  timedOut: boolean;
  /** True when the node called `api.stopExecution()`. */
  stopped: boolean;
  /** Last value passed to `api.setSensitiveLoggingSettings`, if any. */
  sensitiveLoggingSettings: unknown;
  /** The limits that applied to this run. */
  limits: HarnessLimits;
}
