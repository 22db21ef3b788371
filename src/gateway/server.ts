/**
 * The gateway's HTTP service: one path for the Source SDK and webhooks (the path the setup tells
 * admins to configure, /handover/rce) plus GET /health. Raw bytes are kept for signature checks;
 * bodies over the limit, unsigned or malformed requests get a 4xx with a reason, and the process
 * keeps serving. Stateless apart from bounded dedupe memory.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createEngageClient } from "../engage/client";
import { createHandoverIdentities } from "../engage/identities";
import { createRedactor } from "../engage/redact";
import { weakSecretWarning } from "../engage/settings";
import { SIGNATURE_HEADER, WEBHOOK_SECRET_HEADER } from "../engage/signature";
import { type Answer, json, text } from "./answers";
import { CognigyEndpoint, type DeliveryPolicy } from "./cognigyEndpoint";
import type { GatewayConfig } from "./config";
import { Dedupe } from "./dedupe";
import { IdentityKeeper } from "./identityKeeper";
import { type GatewayLogger, jsonLogger } from "./log";
import { handleSourceSdk, type SdkDeps } from "./sourceSdk";
import { type GatewayStats, newStats } from "./stats";
import { ThreadResolver } from "./threadResolver";
import { handleDelivery, handleVerification, type WebhookDeps } from "./webhooks";

/** Agent replies with attachments come as URLs; nothing RCE sends us is near this. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
const DEDUPE_ENTRIES = 50_000;
const DEDUPE_AGE_MS = 24 * 3600_000;
const IDENTITY_BUDGET_MS = 10_000;

export interface GatewayOptions {
  log?: GatewayLogger;
  delivery?: DeliveryPolicy;
  dedupeEntries?: number;
  identities?: IdentityKeeper;
}

export interface Gateway {
  readonly url: string;
  readonly stats: GatewayStats;
  /** Entries held for deduplication (replies + events). */
  memoryEntries(): number;
  close(graceMs?: number): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
  const redact = createRedactor([
    config.settings.apiAccessToken,
    config.settings.realtimeAccessToken,
    config.settings.webhookSecret,
    config.verifyToken,
  ]);
  const log = options.log ?? jsonLogger(redact);
  const stats = newStats();
  const cognigy = new CognigyEndpoint(config.cognigyEndpointUrl, options.delivery);
  const entries = options.dedupeEntries ?? DEDUPE_ENTRIES;
  const replies = new Dedupe<string>(entries, DEDUPE_AGE_MS);
  const events = new Dedupe<string>(entries, DEDUPE_AGE_MS);
  const client = createEngageClient(config.settings);
  const threads = new ThreadResolver(client);
  const identities =
    options.identities ??
    new IdentityKeeper(
      () => createHandoverIdentities(client.withBudget(IDENTITY_BUDGET_MS).sendApi, config.identities),
      log,
    );
  const sdk: SdkDeps = { config, cognigy, replies, identities, log, stats };
  const hooks: WebhookDeps = { config, cognigy, events, threads, log, stats };
  const paths = new Set([config.path, `${config.path.replace(/\/$/, "")}/`]);

  async function route(req: http.IncomingMessage, url: URL): Promise<Answer> {
    if (url.pathname === "/health" && req.method === "GET") {
      return json(200, {
        status: "ok",
        uptimeSeconds: Math.round(process.uptime()),
        dedupeEntries: replies.size + events.size,
        ...stats,
      });
    }
    if (!paths.has(url.pathname))
      return text(404, `Not found: the gateway serves ${config.path} and /health.`);
    if (req.method === "GET")
      return handleVerification(url.searchParams, header(req, WEBHOOK_SECRET_HEADER), hooks);
    if (req.method !== "POST") return text(405, "Use POST (or GET for the webhook verification).");
    const body = await readBody(req);
    const webhookSecret = header(req, WEBHOOK_SECRET_HEADER);
    const signature = header(req, SIGNATURE_HEADER) ?? url.searchParams.get("signature") ?? undefined;
    if (webhookSecret !== undefined) return handleDelivery(body, webhookSecret, hooks);
    if (signature !== undefined) return handleSourceSdk(body, signature, sdk);
    const looksLikeWebhook = body.includes('"events"');
    return text(
      401,
      looksLikeWebhook
        ? "Missing X-Dimelo-Secret header."
        : "Missing X-SMCCSDK-SIGNATURE header (or ?signature=).",
    );
  }

  const active = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    active.add(res);
    res.on("close", () => active.delete(res));
    const url = new URL(req.url ?? "/", "http://gateway");
    route(req, url)
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) return text(413, `Body larger than ${MAX_BODY_BYTES} bytes.`);
        log("error", "request_failed", {
          path: url.pathname,
          error: error instanceof Error ? error.message : String(error),
        });
        return text(500, "The gateway failed on this request; it keeps serving.");
      })
      .then((answer) => {
        if (answer.status >= 400) stats.rejected++;
        if (answer.status >= 400 && answer.status < 500)
          log("warn", "request_rejected", {
            path: url.pathname,
            status: answer.status,
            reason: answer.body.slice(0, 200),
          });
        if (res.headersSent || res.destroyed) return;
        res.writeHead(answer.status, { ...answer.headers, "content-length": Buffer.byteLength(answer.body) });
        res.end(answer.body);
      });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  log("info", "gateway_listening", { url: `http://${host}:${port}${config.path}` });
  const weakSecret = weakSecretWarning(config.settings);
  if (weakSecret) log("warn", "weak_webhook_secret", { message: weakSecret });

  return {
    url: `http://${host}:${port}${config.path}`,
    stats,
    memoryEntries: () => replies.size + events.size,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        if (active.size === 0) server.closeAllConnections();
      }),
  };
}
