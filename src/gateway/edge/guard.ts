/**
 * The gateway's edge: everything a request meets before the routes, in one place. It owns the
 * connection guard (cap, timeouts, pipelining), decides from the request line and headers alone
 * whether a request may have its body read (only a POST to the RCE path carrying a credential that
 * passes what can be checked before the body), reads that body within the budget and its deadline,
 * and refuses everything else with an HTTP answer, unread.
 */
import http, { type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type Credential, credentialOf, refusalBeforeBody } from "../credentials";
import type { RequestKind } from "../metrics";
import { BodyBudget, type BodyCharge } from "./budget";
import { clientAddressOf } from "./clientAddress";
import { ConnectionGuard } from "./connections";
import { bodyDeadlineMs, type GatewayLimits, tooLarge } from "./limits";
import { closeAfterAnswer, isClosing, type Refusal, refuseResponse, refuseSocket } from "./refusal";

/** What the edge learnt of an admitted request, for the routes. */
export interface Admitted {
  credential: Credential;
  client: string;
  charge?: BodyCharge;
}

export interface EdgeRoutes {
  /** The RCE path: POST with a body, GET/HEAD for the webhook verification. */
  rcePath: string;
  /** Paths answered to GET/HEAD without a body (/health, /ready, /metrics). */
  getPaths: readonly string[];
}

export interface EdgeObserver {
  /** A request (or a connection without one) the edge answered itself. */
  refused(kind: RequestKind, refusal: Refusal, method: string, path: string): void;
  evicted(): void;
}

/** A refusal raised while reading a body, answered by the routes' error handler. */
export class EdgeRefusal extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

const admitted = new WeakMap<IncomingMessage, Admitted>();

export function admissionOf(req: IncomingMessage): Admitted | undefined {
  return admitted.get(req);
}

/** A request URL's path, without its query (a signature may be in it). */
export function withoutQuery(url: string): string {
  const at = url.indexOf("?");
  return at >= 0 ? url.slice(0, at) : url;
}

/** The path as the routes match it (a trailing slash ignored). */
function pathOf(url: string): string {
  const path = withoutQuery(url);
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

function declaresBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/**
 * Body deadlines, checked together every `everyMs` by one timer that runs only while a body is being
 * read: a timer per request cost more than its body (each request sets and clears one).
 */
class Deadlines {
  private readonly pending = new Set<{ at: number; expire: () => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly everyMs: number) {}

  add(at: number, expire: () => void): { at: number; expire: () => void } {
    const entry = { at, expire };
    this.pending.add(entry);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), this.everyMs);
      this.timer.unref();
    }
    return entry;
  }

  delete(entry: { at: number; expire: () => void }): void {
    this.pending.delete(entry);
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending)
      if (entry.at <= now) {
        this.pending.delete(entry);
        entry.expire();
      }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

export class EdgeGuard {
  readonly connections: ConnectionGuard;
  private readonly budget: BodyBudget;
  private readonly trustedProxies: ReadonlySet<string>;
  private readonly deadlines = new Deadlines(100);

  constructor(
    private readonly limits: GatewayLimits,
    private readonly routes: EdgeRoutes,
    private readonly webhookSecret: string,
    private readonly observer: EdgeObserver,
  ) {
    this.budget = new BodyBudget(
      limits.maxBodyBytesInFlight,
      Math.floor(limits.maxBodyBytesInFlight * limits.clientBudgetShare),
    );
    this.trustedProxies = new Set(limits.trustedProxies);
    this.connections = new ConnectionGuard(limits, {
      refused: (refusal) => observer.refused("other", refusal, "-", "-"),
      evicted: () => observer.evicted(),
    });
  }

  get bodyBytesInFlight(): number {
    return this.budget.bytesInFlight;
  }

  /** The HTTP server, its requests passing the edge before `next` (fastify's handler) sees them. */
  createServer(next: RequestListener): http.Server {
    const limits = this.limits;
    const server = http.createServer(
      {
        maxHeaderSize: 16 * 1024,
        requestTimeout: limits.requestTimeoutMs,
        // Node enforces the request timeout only when it is not shorter than the headers timeout.
        headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // Node checks the header and request timeouts only this often (30 s by default).
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs, limits.requestTimeoutMs),
      },
      (req, res) => this.request(req, res, next),
    );
    // While Cognigy is slow the client's socket is idle: this only ends connections forgotten by both sides.
    server.setTimeout(300_000);
    // Node closes a connection after this many answers; with heads fed a few at a time (connections.ts)
    // a pipelined burst cannot run past it either.
    server.maxRequestsPerSocket = limits.maxRequestsPerConnection;
    // A hard stop for file descriptors, far past the cap: below it every connection gets an HTTP answer.
    server.maxConnections = limits.maxConnections * 4 + 1000;
    this.connections.attach(server);
    // Without these listeners Node drops CONNECT and Upgrade requests without a word.
    for (const event of ["connect", "upgrade"] as const)
      server.on(event, (req: IncomingMessage, socket: Socket) =>
        this.refuseRaw(socket, "other", req.method ?? "-", pathOf(req.url ?? ""), {
          status: 405,
          reason: event === "connect" ? "CONNECT is not supported." : "Protocol upgrades are not supported.",
          headers: { allow: "GET, POST" },
        }),
      );
    return server;
  }

  /** Node's parser gave up on a connection (malformed, too large, too slow): answered, then closed. */
  clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (error.code === "ECONNRESET" || socket.destroyed || isClosing(socket)) {
      socket.destroy();
      return;
    }
    const refusal: Refusal =
      error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? { status: 408, reason: "The request was not received in time." }
        : error.code === "HPE_HEADER_OVERFLOW"
          ? { status: 431, reason: "Request headers are too large." }
          : { status: 400, reason: "Malformed HTTP request." };
    this.refuseRaw(socket, "other", "-", "-", refusal);
  }

  private refuseRaw(socket: Socket, kind: RequestKind, method: string, path: string, refusal: Refusal): void {
    this.observer.refused(kind, refusal, method, path);
    refuseSocket(socket, refusal, this.limits.lingerMs);
  }

  private request(req: IncomingMessage, res: ServerResponse, next: RequestListener): void {
    const socket = req.socket;
    const connection = this.connections.of(socket);
    let charge: BodyCharge | undefined;
    if (connection) {
      connection.requestStarted();
      // One listener for both: the body's charge goes back and the connection may feed its next head.
      res.once("close", () => {
        if (charge) connection.release(charge);
        connection.requestFinished();
      });
    }
    // Bytes a refused connection had already sent: not answered again.
    if (isClosing(socket)) return;
    const method = req.method ?? "";
    const path = pathOf(req.url ?? "/");
    const refuse = (kind: RequestKind, refusal: Refusal) => {
      this.observer.refused(kind, refusal, method, path);
      refuseResponse(socket, res, refusal, this.limits.lingerMs);
    };
    if (method === "POST" && path === this.routes.rcePath) {
      const credential = credentialOf(req.headers, req.url ?? "");
      const kind: RequestKind = credential.kind === "none" ? "other" : credential.kind;
      const early = refusalBeforeBody(credential, this.webhookSecret) ?? this.sizeRefusal(req);
      if (early) {
        refuse(kind, early);
        return;
      }
      const client = clientAddressOf(
        socket.remoteAddress,
        req.headers["x-forwarded-for"],
        this.trustedProxies,
      );
      charge = declaresBody(req) ? this.budget.open(client, credential.kind === "webhook") : undefined;
      if (charge) {
        const held = charge;
        if (connection) connection.hold(held);
        else res.once("close", () => held.release());
      }
      admitted.set(req, { credential, client, charge });
    } else if (declaresBody(req)) {
      refuse("other", this.unreadBodyRefusal(method, path));
      return;
    }
    next(req, res);
  }

  /** A body where no route takes one: 404 off our paths, 405 for a method that takes none, 413 on GET. */
  private unreadBodyRefusal(method: string, path: string): Refusal {
    const rce = path === this.routes.rcePath;
    if (!rce && !this.routes.getPaths.includes(path)) return { status: 404, reason: this.notFoundReason() };
    if (rce || !(method === "GET" || method === "HEAD"))
      return {
        status: 405,
        reason: `${method} ${path} takes no body: use POST ${this.routes.rcePath} (or GET for the webhook verification).`,
        headers: { allow: rce ? "GET, POST" : "GET" },
      };
    return { status: 413, reason: `${method} ${path} takes no body.` };
  }

  notFoundReason(): string {
    return `Not found: the gateway serves ${this.routes.rcePath}, ${this.routes.getPaths.join(", ")}.`;
  }

  private sizeRefusal(req: IncomingMessage): Refusal | undefined {
    const declared = req.headers["content-length"];
    if (declared === undefined) return undefined;
    const length = Number(declared);
    if (!(Number.isSafeInteger(length) && length >= 0))
      return { status: 400, reason: "Invalid Content-Length." };
    if (length > this.limits.maxBodyBytes) return tooLarge(this.limits);
    return undefined;
  }

  /**
   * Reads an admitted request's body: charged to the budget as its bytes arrive, within its size and
   * its deadline (a body trickled slower than minBodyBytesPerSecond is cut with 408).
   */
  readBody(req: IncomingMessage): Promise<Buffer> {
    const limits = this.limits;
    const charge = admitted.get(req)?.charge;
    const declared = req.headers["content-length"];
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const settle = (error: EdgeRefusal | null) => {
        if (settled) return;
        settled = true;
        this.deadlines.delete(deadline);
        req.removeListener("data", onData);
        if (error) {
          chunks.length = 0;
          closeAfterAnswer(req.socket, limits.lingerMs);
          reject(error);
        } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      };
      const deadline = this.deadlines.add(
        Date.now() + bodyDeadlineMs(limits, declared === undefined ? undefined : Number(declared)),
        () => settle(new EdgeRefusal({ status: 408, reason: "The body was not received in time." })),
      );
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBodyBytes) return settle(new EdgeRefusal(tooLarge(limits)));
        if (charge && !charge.take(chunk.length))
          return settle(
            new EdgeRefusal({
              status: 503,
              reason: "The gateway is receiving too many bodies at once; try again shortly.",
              headers: { "retry-after": "1" },
            }),
          );
        chunks.push(chunk);
      };
      req.on("data", onData);
      req.once("end", () => settle(null));
      req.once("error", () =>
        settle(new EdgeRefusal({ status: 400, reason: "The body could not be read." })),
      );
      req.once("aborted", () => settle(new EdgeRefusal({ status: 400, reason: "The body was cut off." })));
    });
  }
}
