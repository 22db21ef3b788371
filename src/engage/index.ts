/** The shared Engage client: everything nodes and the gateway need, and nothing from Cognigy. */
export type { CallStats, EngageEvent } from "./call";
export {
  createEngageClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_TIME_BUDGET_MS,
  type EngageClient,
  type EngageClientOptions,
} from "./client";
export {
  ENGAGE_ERROR_KINDS,
  EngageError,
  type EngageErrorInfo,
  type EngageErrorKind,
  isEngageError,
  toEngageError,
} from "./errors";
export { createRedactor, describeSecret, type Redactor } from "./redact";
export { EngageRestApi, MAX_PAGE_SIZE, type Page } from "./restApi";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry";
export { EngageSendApi, MAX_SEND_API_BYTES } from "./sendApi";
export {
  type EngageSettings,
  parseSettings,
  publicSettings,
  type RawConnection,
  SETTING_FIELDS,
  type SettingField,
} from "./settings";
export {
  SIGNATURE_HEADER,
  signBody,
  verifySourceSdkSignature,
  verifyWebhookSecret,
  WEBHOOK_SECRET_HEADER,
} from "./signature";
export { Budget, type Clock, systemClock } from "./timing";
export {
  axiosTransport,
  type HttpRequest,
  type HttpResponse,
  type Transport,
  TransportError,
} from "./transport";
export type * from "./types";
