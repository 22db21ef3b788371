/**
 * One HTTP exchange, nothing more: no retries, no interpretation of the status. The default
 * transport uses axios; tests and benchmarks may pass their own.
 */
import type { AxiosInstance } from "axios";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Hard limit for the whole exchange, connection to last byte. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export type TransportFailureKind = "connect_failed" | "reset" | "timeout" | "tls";

/** Raised by a transport when no HTTP answer arrived. Holds no request data (headers carry tokens). */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailureKind,
    readonly code: string,
  ) {
    super(`${failure} (${code})`);
    this.name = "TransportError";
  }
}

export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** Answers above this size are not what any RCE endpoint we call returns. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const TLS_CODES = new Set([
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "EPROTO",
]);
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT", "ERR_CANCELED", "ESOCKETTIMEDOUT"]);

export function classifyNetworkError(code: string | undefined): TransportFailureKind {
  if (code && CONNECT_CODES.has(code)) return "connect_failed";
  if (code && TLS_CODES.has(code)) return "tls";
  if (code && TIMEOUT_CODES.has(code)) return "timeout";
  return "reset";
}

let sharedAxios: AxiosInstance | undefined;

function getAxios(): AxiosInstance {
  if (!sharedAxios) {
    // Required on first use, not at module start-up: keeps requiring the extension fast.
    const { default: axios } = require("axios") as typeof import("axios");
    sharedAxios = axios.create({
      maxRedirects: 0, // a redirect would carry the Bearer token to another host
      maxContentLength: MAX_RESPONSE_BYTES,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }
  return sharedAxios;
}

export const axiosTransport: Transport = async (request) => {
  try {
    const response = await getAxios().request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      timeout: request.timeoutMs,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers ?? {})) {
      if (value !== undefined && value !== null)
        headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    }
    return { status: response.status, headers, body: typeof response.data === "string" ? response.data : "" };
  } catch (error) {
    const code = networkCode(error);
    throw new TransportError(classifyNetworkError(code), code ?? "unknown");
  }
};

function networkCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  if (typeof code === "string" && code !== "ERR_BAD_RESPONSE" && code !== "ERR_NETWORK") return code;
  if (cause && typeof cause.code === "string") return cause.code;
  return typeof code === "string" ? code : undefined;
}
