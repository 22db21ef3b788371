/**
 * The HTTP server: reads the exact request bytes, logs the request, applies the global latency and
 * the fault rules, then routes to the REST API (/1.0/...) or the Send API (/realtime/sdk/{id}).
 */
import http from "node:http";
import type { Socket } from "node:net";
import type { SimDomain } from "./domain";
import { type FaultInjector, malformResponse, statusFaultResponse } from "./faults";
import { errorResponse, type SimResponse, sleep } from "./http";
import { ParamsError, parseParams } from "./params";
import type { RequestLog } from "./requestLog";
import { handleRest } from "./rest/index";
import { handleSendApi, SEND_API_MAX_BYTES } from "./sendApi";

export interface ServerDeps {
  domain: SimDomain;
  faults: FaultInjector;
  log: RequestLog;
}

const REST_MAX_BYTES = 25 * 1024 * 1024;

function flattenHeaders(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

function readBody(req: http.IncomingMessage, max: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    req.on("error", reject);
  });
}

async function route(
  deps: ServerDeps,
  method: string,
  path: string,
  search: URLSearchParams,
  headers: Record<string, string>,
  body: Buffer,
  tooLarge: boolean,
): Promise<SimResponse> {
  const realtime = /^\/realtime\/sdk\/([^/]+)\/?$/.exec(path);
  if (realtime && method === "POST") {
    return handleSendApi(deps.domain, decodeURIComponent(realtime[1] ?? ""), body, tooLarge, search, headers);
  }
  if (path === "/1.0" || path.startsWith("/1.0/")) {
    if (tooLarge) return errorResponse(413, "request_entity_too_large", "Request body is too large");
    let params: ReturnType<typeof parseParams>;
    try {
      params = parseParams(search, body.toString("utf8"), headers["content-type"]);
    } catch (err) {
      if (err instanceof ParamsError) return errorResponse(400, "bad_request", err.message);
      throw err;
    }
    const subPath =
      path
        .slice(4)
        .replace(/\/+$/, "")
        .replace(/\.json$/, "") || "/";
    return handleRest(deps.domain, method, subPath, params, headers);
  }
  return errorResponse(404, "not_found", `No route matches ${method} ${path}`);
}

export function createSimServer(deps: ServerDeps): { server: http.Server; hanging: Set<Socket> } {
  const hanging = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const started = Date.now();
      const method = (req.method ?? "GET").toUpperCase();
      const url = req.url ?? "/";
      const parsed = new URL(url, "http://127.0.0.1");
      const path = parsed.pathname;
      const headers = flattenHeaders(req.headers);
      const max = path.startsWith("/realtime/") ? SEND_API_MAX_BYTES : REST_MAX_BYTES;
      const { body, tooLarge } = await readBody(req, max);
      const entry = deps.log.start(
        method,
        url,
        path,
        parsed.searchParams,
        headers,
        tooLarge ? "" : body.toString("utf8"),
      );

      await sleep(deps.domain.settings.latencyMs);
      const decision = deps.faults.decide(method, path);
      if (decision.names.length > 0) entry.fault = decision.names.join(",");
      await sleep(decision.latencyMs);

      const action = decision.terminal?.action;
      if (action?.kind === "reset") {
        entry.durationMs = Date.now() - started;
        req.socket.destroy();
        return;
      }
      if (action?.kind === "hang") {
        hanging.add(req.socket);
        req.socket.once("close", () => hanging.delete(req.socket));
        return;
      }
      let response: SimResponse;
      if (action?.kind === "status") {
        response = statusFaultResponse(action, path);
      } else {
        response = await route(deps, method, path, parsed.searchParams, headers, body, tooLarge);
        if (action?.kind === "malformed") response = malformResponse(action, response);
      }
      const payload = Buffer.from(response.body, "utf8");
      entry.status = response.status;
      entry.durationMs = Date.now() - started;
      res.writeHead(response.status, { ...response.headers, "content-length": String(payload.length) });
      res.end(method === "HEAD" ? undefined : payload);
    })().catch((err: unknown) => {
      if (!res.headersSent) {
        const message = err instanceof Error ? err.message : String(err);
        const payload = JSON.stringify({ error: "internal_server_error", message, status: 500 });
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(payload);
      } else {
        res.destroy();
      }
    });
  });
  return { server, hanging };
}
