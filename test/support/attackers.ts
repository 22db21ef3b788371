/**
 * Attackers with time and many connections, for the edge tests and `npm run bench`'s "under attack"
 * section: each keeps its connections up (reconnecting when the gateway closes one) until stopped,
 * and counts how every connection ended: an HTTP answer (by status), a clean close, or a reset.
 * Loopback only; every attacker is bounded by its connection count and stopped by its caller.
 */
import net from "node:net";

export interface AttackTally {
  /** Connections opened in all (reconnections included). */
  connections: number;
  /** HTTP answers received, by status. */
  answers: Record<number, number>;
  /** Connections the gateway closed without an answer (FIN). */
  cleanCloses: number;
  /** Connections reset (ECONNRESET / EPIPE) or refused. */
  resets: number;
}

export interface Attack {
  /**
   * Resolves once every connection of an attacker that does not reconnect has ended, or at
   * `deadlineMs`: a connection whose SYN the kernel dropped when the backlog overflowed is retried
   * seconds later, and the gateway's timeouts only start once it is accepted.
   */
  settled(deadlineMs: number): Promise<void>;
  stop(): Promise<AttackTally>;
}

export interface AttackTarget {
  host: string;
  port: number;
  /** The attacker's own loopback address (127.0.0.2, …): another client than the genuine traffic. */
  localAddress?: string;
}

export function targetOf(origin: string, localAddress?: string): AttackTarget {
  const { hostname, port } = new URL(origin);
  return { host: hostname, port: Number(port), localAddress };
}

function newTally(): AttackTally {
  return { connections: 0, answers: {}, cleanCloses: 0, resets: 0 };
}

/** A signature of the right form (128 hex digits) that matches no body. */
export const FORM_SIGNATURE = "ab".repeat(64);

interface Connection {
  socket: net.Socket;
}

/**
 * Keeps `count` connections open, each set up by `start` (its first writes); when one ends, a new one
 * takes its place until stopped. `onOpen` may keep writing (a trickle).
 */
function keepConnections(
  target: AttackTarget,
  count: number,
  start: (socket: net.Socket) => void,
  options: { reconnect?: boolean; readAnswers?: boolean } = {},
): Attack {
  const tally = newTally();
  const open = new Set<Connection>();
  let stopped = false;
  const connect = () => {
    if (stopped) return;
    tally.connections++;
    const socket = net.connect({ host: target.host, port: target.port, localAddress: target.localAddress });
    const connection = { socket };
    open.add(connection);
    let seen = "";
    let answered = false;
    socket.setNoDelay(true);
    socket.on("connect", () => start(socket));
    if (options.readAnswers !== false)
      socket.on("data", (chunk: Buffer) => {
        if (answered || seen.length > 64) return;
        seen += chunk.toString("latin1", 0, Math.min(chunk.length, 64));
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(seen);
        if (match) {
          answered = true;
          tally.answers[Number(match[1])] = (tally.answers[Number(match[1])] ?? 0) + 1;
        }
      });
    let reset = false;
    socket.on("error", () => {
      reset = true;
    });
    socket.on("end", () => socket.end());
    socket.on("close", () => {
      open.delete(connection);
      if (stopped) return;
      if (reset) tally.resets++;
      else if (!answered) tally.cleanCloses++;
      if (options.reconnect !== false) setImmediate(connect);
    });
  };
  for (let i = 0; i < count; i++) connect();
  return {
    settled: async (deadlineMs) => {
      const until = Date.now() + deadlineMs;
      while (open.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    stop: async () => {
      stopped = true;
      for (const { socket } of open) socket.destroy();
      open.clear();
      return tally;
    },
  };
}

/** Connections that declare a 2 MB signed body and send none of it (issue #21's first attack). */
export function holdDeclaredBodies(target: AttackTarget, count: number, path = "/handover/rce"): Attack {
  return keepConnections(target, count, (socket) =>
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-SMCCSDK-SIGNATURE: ${FORM_SIGNATURE}\r\nContent-Length: 2097152\r\n\r\n`,
    ),
  );
}

/** Connections that send a signed body's head, then its bytes at `bytesPerSecond` each. */
export function trickleBodies(
  target: AttackTarget,
  count: number,
  bytesPerSecond: number,
  path = "/handover/rce",
): Attack {
  return keepConnections(target, count, (socket) => {
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-SMCCSDK-SIGNATURE: ${FORM_SIGNATURE}\r\nContent-Length: 2097152\r\n\r\n`,
    );
    const chunk = Buffer.alloc(Math.max(1, Math.round(bytesPerSecond / 10)), 0x20);
    const timer = setInterval(() => {
      if (socket.writable) socket.write(chunk);
    }, 100);
    socket.once("close", () => clearInterval(timer));
  });
}

/** Connections that open and send nothing (issue #21's idle connections). */
export function idleConnections(target: AttackTarget, count: number, reconnect = false): Attack {
  return keepConnections(target, count, () => undefined, { reconnect });
}

/** Connections that each pipeline `requests` requests without reading a byte of the answers. */
export function pipelineWithoutReading(
  target: AttackTarget,
  connections: number,
  requests: number,
  request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n",
): Attack {
  const burst = Buffer.from(request.repeat(requests));
  return keepConnections(
    target,
    connections,
    (socket) => {
      socket.pause();
      socket.write(burst);
    },
    { reconnect: false, readAnswers: false },
  );
}

/**
 * Sends `clients` requests of `body.length` bytes each to routes that take no body, `concurrency` at
 * a time, each body sent in full whatever the answer; resolves with the answers by status.
 */
export async function bodiesToOtherRoutes(
  target: AttackTarget,
  clients: number,
  concurrency: number,
  body: Buffer,
  heads: readonly string[] = [
    "PUT /handover/rce",
    "DELETE /handover/rce",
    "OPTIONS /handover/rce",
    "POST /health",
    "GET /health",
    "POST /elsewhere",
    "PATCH /metrics",
  ],
): Promise<AttackTally> {
  const tally = newTally();
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      tally.connections++;
      const socket = net.connect({ host: target.host, port: target.port, localAddress: target.localAddress });
      let seen = "";
      let answered = false;
      let reset = false;
      socket.on("connect", () => {
        socket.write(
          `${heads[i % heads.length]} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        socket.write(body);
      });
      socket.on("data", (chunk: Buffer) => {
        if (answered) return;
        seen += chunk.toString("latin1", 0, Math.min(chunk.length, 64));
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(seen);
        if (match) {
          answered = true;
          tally.answers[Number(match[1])] = (tally.answers[Number(match[1])] ?? 0) + 1;
          socket.destroy();
        }
      });
      socket.on("error", () => {
        reset = true;
      });
      socket.on("close", () => {
        if (!answered) {
          if (reset) tally.resets++;
          else tally.cleanCloses++;
        }
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < clients) await one(next++);
    }),
  );
  return tally;
}
