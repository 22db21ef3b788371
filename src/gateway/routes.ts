/**
 * The gateway's routes on fastify, behind the edge: POST <path> (Source SDK or webhook, by the
 * credential the edge found), GET <path> (webhook verification), /health, /ready and /metrics.
 * Every answer, refused or not, is accounted once in the onResponse hook.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { verifySourceSdkSignature, WEBHOOK_SECRET_HEADER } from "../engage/signature";
import { type Answer, json, text } from "./answers";
import type { CognigyEndpoint } from "./cognigyEndpoint";
import type { GatewayConfig } from "./config";
import { CREDENTIAL_REFUSALS } from "./credentials";
import { admissionOf, type EdgeGuard, EdgeRefusal, withoutQuery } from "./edge/guard";
import { type GatewayLimits, tooLarge } from "./edge/limits";
import { closeAfterAnswer, type Refusal } from "./edge/refusal";
import type { GatewayMetrics, RequestKind } from "./metrics";
import type { RequestAccount } from "./requestLog";
import { handleSourceSdk, type SdkDeps } from "./sourceSdk";
import type { GatewayStats } from "./stats";
import type { GatewayStore } from "./store";
import { handleDelivery, handleVerification, type WebhookDeps } from "./webhooks";

declare module "fastify" {
  interface FastifyRequest {
    /** What the request is, for its log line and metrics. */
    kind: RequestKind;
    /** Its credential was verified (webhook secret, or the SDK signature over the body). */
    authenticated: boolean;
    /** The reason sent with a refusal (4xx/5xx), for the log line. */
    refusal: string;
  }
}

export interface RouteDeps {
  config: GatewayConfig;
  limits: GatewayLimits;
  edge: EdgeGuard;
  sdk: SdkDeps;
  hooks: WebhookDeps;
  store: GatewayStore;
  cognigy: CognigyEndpoint;
  metrics: GatewayMetrics;
  stats: GatewayStats;
  account: RequestAccount;
  draining(): boolean;
  dedupeEntries(): number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function queryOf(url: string): URLSearchParams {
  const at = url.indexOf("?");
  return new URLSearchParams(at >= 0 ? url.slice(at + 1) : "");
}

/** Every answer of the routes goes out here, with the request's id. */
function send(reply: FastifyReply, request: FastifyRequest, answer: Answer): FastifyReply {
  if (answer.status >= 400) request.refusal = answer.body.slice(0, 200);
  return reply
    .code(answer.status)
    .header("x-request-id", request.id)
    .headers(answer.headers)
    .send(answer.body);
}

/** A refusal whose request body was (or may be) left unread: the connection closes after the answer. */
function refuse(
  reply: FastifyReply,
  request: FastifyRequest,
  refusal: Refusal,
  lingerMs: number,
): FastifyReply {
  if (!request.raw.complete) {
    closeAfterAnswer(request.raw.socket, lingerMs);
    reply.header("connection", "close");
  }
  if (refusal.headers) reply.headers(refusal.headers);
  return send(reply, request, text(refusal.status, refusal.reason));
}

export function buildApp(deps: RouteDeps): FastifyInstance {
  const { config, limits, edge, store, cognigy, metrics, stats } = deps;
  const app = Fastify({
    logger: false,
    bodyLimit: limits.maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    serverFactory: (handler) => edge.createServer(handler),
    clientErrorHandler: (error, socket) => edge.clientError(error, socket),
    genReqId: (req) => {
      const given = header(req, "x-request-id");
      return given && REQUEST_ID.test(given) ? given : randomUUID();
    },
    frameworkErrors: (error, request, reply) => {
      refuse(
        reply,
        request,
        {
          status: 400,
          reason: `Bad request: ${error.code === "FST_ERR_BAD_URL" ? "malformed URL" : "rejected"}.`,
        },
        limits.lingerMs,
      );
    },
  });
  app.decorateRequest("kind", "other");
  app.decorateRequest("authenticated", false);
  app.decorateRequest("refusal", "");

  // Only a request the edge admitted reaches a parser: the body is read by the edge, within its budget.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (request, _payload, done) => {
    edge.readBody(request.raw).then(
      (body) => done(null, body),
      (error: Error) => done(error),
    );
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof EdgeRefusal) return refuse(reply, request, error.refusal, limits.lingerMs);
    const statusCode = (error as { statusCode?: number }).statusCode;
    if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
      const reasons: Record<number, string> = {
        400: "Bad request.",
        413: tooLarge(limits).reason,
        415: "Unsupported content type.",
      };
      return refuse(
        reply,
        request,
        { status: statusCode, reason: reasons[statusCode] ?? "The request was refused." },
        limits.lingerMs,
      );
    }
    deps.hooks.log("error", "request_failed", {
      reqId: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
    return refuse(
      reply,
      request,
      { status: 500, reason: "The gateway failed on this request; it keeps serving." },
      limits.lingerMs,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(reply, request, { status: 404, reason: edge.notFoundReason() }, limits.lingerMs),
  );

  // Runs when the answer has gone out (fastify listens to "finish" anyway: no listener of our own).
  app.addHook("onResponse", (request, reply, done) => {
    deps.account({
      kind: request.kind,
      authenticated: request.authenticated,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      method: request.method,
      path: withoutQuery(request.url),
      reqId: request.id,
      reason: request.refusal,
    });
    done();
  });

  app.get("/health", (request, reply) => {
    request.kind = "health";
    return send(
      reply,
      request,
      json(200, {
        status: "ok",
        uptimeSeconds: Math.round(process.uptime()),
        dedupeEntries: deps.dedupeEntries(),
        store: store.kind,
        ...stats,
      }),
    );
  });

  app.get("/ready", async (request, reply) => {
    request.kind = "ready";
    const [cognigyReachable, storeReachable] = await Promise.all([cognigy.reachable(), store.reachable()]);
    const draining = deps.draining();
    // Without its store an instance can deliver nothing safely: the load balancer should send elsewhere.
    const ready = !draining && cognigyReachable && storeReachable;
    return send(
      reply,
      request,
      json(ready ? 200 : 503, {
        ready,
        config: "loaded",
        draining,
        cognigyReachable,
        store: store.kind,
        storeReachable,
      }),
    );
  });

  app.get("/metrics", async (request, reply) => {
    request.kind = "metrics";
    const body = await metrics.registry.metrics();
    return send(reply, request, {
      status: 200,
      body,
      headers: { "content-type": metrics.registry.contentType },
    });
  });

  app.route({
    method: ["GET", "HEAD"],
    url: config.path,
    handler: (request, reply) => {
      request.kind = "verification";
      const answer = handleVerification(
        queryOf(request.url),
        header(request.raw, WEBHOOK_SECRET_HEADER),
        deps.hooks,
      );
      request.authenticated = answer.status === 200;
      return send(reply, request, answer);
    },
  });

  app.route({
    method: ["PUT", "DELETE", "PATCH", "OPTIONS"],
    url: config.path,
    handler: (request, reply) => {
      reply.header("allow", "GET, POST");
      return refuse(
        reply,
        request,
        { status: 405, reason: "Use POST (or GET for the webhook verification)." },
        limits.lingerMs,
      );
    },
  });

  app.post(config.path, async (request, reply) => {
    // The edge admitted it (it never reaches here otherwise) and says which credential it carries.
    const credential = admissionOf(request.raw)?.credential ?? { kind: "none" };
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (credential.kind === "webhook") {
      request.kind = "webhook";
      request.authenticated = true;
      return send(reply, request, await handleDelivery(body, deps.hooks));
    }
    if (credential.kind === "sdk") {
      request.kind = "sdk";
      if (!verifySourceSdkSignature(body, credential.signature, config.settings.realtimeAccessToken))
        return refuse(reply, request, CREDENTIAL_REFUSALS.badSignature, limits.lingerMs);
      request.authenticated = true;
      return send(reply, request, await handleSourceSdk(body, deps.sdk));
    }
    return refuse(reply, request, CREDENTIAL_REFUSALS.missing, limits.lingerMs);
  });

  return app;
}
