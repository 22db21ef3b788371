/**
 * The gateway's connections, held within bounds an attacker with many sockets cannot stretch:
 * - a connection that sends nothing is closed after firstByteTimeoutMs;
 * - at the cap, the connection that has waited longest without a request in progress (idle
 *   keep-alive, silent, or trickling a head) makes room for the newcomer; with none, the newcomer
 *   is answered 503 with Connection: close, never reset;
 * - request heads are counted before Node's parser sees them: Node parses a whole 64 KB read at once
 *   (about 1,600 pipelined GETs), so a client that pipelines without reading would have every
 *   answer built in memory. At most maxPipelined requests of a connection are parsed and not yet
 *   answered; the rest waits, unparsed, in the socket, and a connection whose answers do not move
 *   for stallMs is cut.
 */
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { BodyCharge } from "./budget";
import type { GatewayLimits } from "./limits";
import { isClosing, type Refusal, refuseSocket } from "./refusal";

const HEAD_END = Buffer.from("\r\n\r\n");

type Parse = (chunk: Buffer) => void;

class Connection {
  /** Requests parsed and not yet answered. */
  pending = 0;
  /** Requests parsed on this connection in all. */
  private requests = 0;
  /** Bytes read but not yet given to the parser (at most about one read, the socket is paused). */
  held: Buffer | null = null;
  sentAnything = false;
  /** Bytes came since the last answer without making a whole request (a head still arriving). */
  partial = false;
  private feedScheduled = false;
  private resumeSocket: () => Socket = () => this.socket;
  /** Body bytes its requests hold: given back when answered, or all at once when the socket closes. */
  private readonly charges = new Set<BodyCharge>();
  private firstByte: NodeJS.Timeout | undefined;
  private stall: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    private readonly parse: Parse | undefined,
    private readonly limits: GatewayLimits,
    private readonly onStateChange: (connection: Connection) => void,
  ) {
    this.firstByte = setTimeout(() => socket.destroy(), limits.firstByteTimeoutMs);
    this.firstByte.unref();
    if (parse) {
      // Node resumes a socket itself once its answers drain; while bytes are held here it must stay
      // paused, or each resume reads another 64 KB on top of what is held.
      const resume = socket.resume.bind(socket);
      this.resumeSocket = resume;
      socket.resume = () => (this.held && !isClosing(socket) ? socket : resume());
      socket.removeListener("data", parse);
      // Adding a data listener makes Node hand the bytes to JavaScript instead of straight to its parser.
      socket.on("data", (chunk: Buffer) => this.receive(chunk));
      socket.on("drain", () => this.feed());
    } else
      socket.on("data", () => {
        this.firstBytes();
        this.partial = true;
      });
  }

  get busy(): boolean {
    return this.pending > 0 || this.held !== null;
  }

  requestStarted(): void {
    this.requests++;
    this.pending++;
    if (this.pending === 1) this.onStateChange(this);
  }

  requestFinished(): void {
    this.pending--;
    if (this.stall) {
      clearTimeout(this.stall);
      this.stall = undefined;
    }
    // The next batch waits for the next turn of the event loop: fed from here, one client pipelining
    // without end would keep the loop in callbacks and every other connection would wait.
    if (this.held && !this.feedScheduled) {
      this.feedScheduled = true;
      setImmediate(() => {
        this.feedScheduled = false;
        this.feed();
        if (!this.busy) this.onStateChange(this);
      });
    }
    if (!this.busy) {
      this.partial = false;
      this.onStateChange(this);
    }
  }

  /**
   * `charge` is given back by `release` when its answer closes, or with the connection (a queued
   * answer may never close).
   */
  hold(charge: BodyCharge): void {
    this.charges.add(charge);
  }

  release(charge: BodyCharge): void {
    charge.release();
    this.charges.delete(charge);
  }

  close(): void {
    clearTimeout(this.firstByte);
    clearTimeout(this.stall);
    for (const charge of this.charges) charge.release();
    this.charges.clear();
  }

  private armStall(): void {
    if (this.stall) return;
    this.stall = setTimeout(() => this.socket.destroy(), this.limits.stallMs);
    this.stall.unref();
  }

  private firstBytes(): void {
    if (this.sentAnything) return;
    this.sentAnything = true;
    clearTimeout(this.firstByte);
  }

  private receive(chunk: Buffer): void {
    this.firstBytes();
    this.partial = true;
    this.held = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    this.feed();
  }

  /** Gives the parser the held bytes up to the head that would pass maxPipelined; holds the rest. */
  private feed(): void {
    const socket = this.socket;
    const parse = this.parse as Parse;
    // Node pauses the parser itself while its answers back up: wait for its drain.
    while (this.held && this.pending < this.limits.maxPipelined && !isNodePaused(socket)) {
      // Past its last request (Node answers it with Connection: close) nothing more is parsed.
      if (
        isClosing(socket) ||
        !hasParser(socket) ||
        !socket.writable ||
        this.requests >= this.limits.maxRequestsPerConnection
      ) {
        this.held = null;
        socket.pause();
        // Its last answers still have to go out: a client that does not read them is cut all the same.
        this.armStall();
        return;
      }
      const held: Buffer = this.held;
      const room = this.limits.maxPipelined - this.pending;
      let cut = held.length;
      let heads = 0;
      for (let from = 0; ; ) {
        const at = held.indexOf(HEAD_END, from);
        if (at < 0) break;
        from = at + HEAD_END.length;
        if (++heads === room) {
          cut = from;
          break;
        }
      }
      this.held = cut === held.length ? null : held.subarray(cut);
      parse(cut === held.length ? held : held.subarray(0, cut));
    }
    if (this.held) {
      socket.pause();
      this.armStall();
    } else if (!isNodePaused(socket)) this.resumeSocket();
  }
}

function isNodePaused(socket: Socket): boolean {
  return (socket as Socket & { _paused?: boolean })._paused === true;
}

function hasParser(socket: Socket): boolean {
  return Boolean((socket as Socket & { parser?: unknown }).parser);
}

export interface ConnectionEvents {
  /** A connection past the cap was answered 503, or an idle one closed to make room. */
  refused(refusal: Refusal): void;
  evicted(): void;
}

export class ConnectionGuard {
  private readonly connections = new Map<Socket, Connection>();
  /** Connections without a request in progress, the longest waiting first (a Set keeps insertion order). */
  private readonly idle = new Set<Connection>();
  private parserHookMissing = false;

  constructor(
    private readonly limits: GatewayLimits,
    private readonly events: ConnectionEvents,
  ) {}

  get open(): number {
    return this.connections.size;
  }

  /** Node's HTTP server must already have set the socket up (this listener is added after its own). */
  attach(server: Server): void {
    server.on("connection", (socket: Socket) => this.accept(socket));
  }

  /** Did Node's parser listener look as expected? If not, pipelining is bounded only by Node's own pause. */
  get pipeliningBounded(): boolean {
    return !this.parserHookMissing;
  }

  of(socket: Socket): Connection | undefined {
    return this.connections.get(socket);
  }

  private accept(socket: Socket): void {
    if (this.connections.size >= this.limits.maxConnections && !this.evictOne()) {
      this.events.refused({
        status: 503,
        reason: "Too many connections; try again shortly.",
        headers: { "retry-after": "1" },
      });
      refuseSocket(
        socket,
        { status: 503, reason: "Too many connections; try again shortly.", headers: { "retry-after": "1" } },
        this.limits.lingerMs,
      );
      return;
    }
    const listeners = socket.listeners("data") as Parse[];
    const parse = listeners.length === 1 ? listeners[0] : undefined;
    if (!parse) this.parserHookMissing = true;
    const connection = new Connection(socket, parse, this.limits, (c) => this.stateChanged(c));
    this.connections.set(socket, connection);
    this.idle.add(connection);
    socket.once("close", () => {
      connection.close();
      this.connections.delete(socket);
      this.idle.delete(connection);
    });
  }

  private stateChanged(connection: Connection): void {
    this.idle.delete(connection);
    if (!connection.busy && this.connections.has(connection.socket)) this.idle.add(connection);
  }

  private evictOne(): boolean {
    for (const connection of this.idle) {
      this.idle.delete(connection);
      this.connections.delete(connection.socket);
      connection.close();
      this.events.evicted();
      if (connection.partial && !isClosing(connection.socket))
        refuseSocket(
          connection.socket,
          { status: 408, reason: "The request was not received in time." },
          this.limits.lingerMs,
        );
      else connection.socket.destroy();
      return true;
    }
    return false;
  }
}
