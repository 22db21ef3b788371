/**
 * The one way the edge refuses: an HTTP answer with a reason and `Connection: close`, then the rest
 * of whatever the client still sends is read and dropped for a bounded time (so the client sees the
 * answer instead of a reset), then the socket is closed. Used where no HTTP response object exists
 * (a connection past the cap, a malformed request, CONNECT) and where one does (an unread body).
 */
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

const PHRASES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Content Too Large",
  431: "Request Header Fields Too Large",
  503: "Service Unavailable",
};

/** Sockets being closed after a refusal: their further bytes are not parsed, nor their errors answered. */
const closing = new WeakSet<Socket>();

export function isClosing(socket: Socket): boolean {
  return closing.has(socket);
}

function headersOf(refusal: Refusal): Record<string, string> {
  return {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(Buffer.byteLength(refusal.reason)),
    connection: "close",
    ...refusal.headers,
  };
}

/** Refuses on a bare socket (no HTTP exchange under way, or the parser gave up on it). */
export function refuseSocket(socket: Socket, refusal: Refusal, lingerMs: number): void {
  if (closing.has(socket)) return;
  closing.add(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const head = Object.entries(headersOf(refusal))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${PHRASES[refusal.status] ?? "Error"}\r\n${head}\r\n${refusal.reason}`,
  );
  lingerThenDestroy(socket, lingerMs);
}

/**
 * What the client still sends after a refusal is read and dropped (never held): so its answer is
 * not lost to a reset, and its close is seen at once. Pausing instead saves the reading but holds
 * each socket (its parser, request and kernel buffers) until the linger time is up: 2,000 refused
 * connections so held took about 170 MB.
 */
function dropIncoming(socket: Socket): void {
  socket.removeAllListeners("data");
  socket.on("data", () => undefined);
  socket.resume();
}

/**
 * Refuses through the request's response (queued after any earlier pipelined answer), leaving its
 * body unread: nothing more of the connection is parsed, and it closes once the answer is out.
 */
export function refuseResponse(
  socket: Socket,
  res: ServerResponse,
  refusal: Refusal,
  lingerMs: number,
): void {
  closeAfterAnswer(socket, lingerMs);
  if (res.headersSent) return;
  res.writeHead(refusal.status, headersOf(refusal));
  res.end(refusal.reason);
}

/**
 * Stops parsing a connection whose answer is on its way: what the client still sends is read and
 * dropped for lingerMs, and its sending side is ended instead of destroyed once the answer is out
 * (destroying with unread bytes makes the kernel send a reset, and the client loses the answer).
 */
export function closeAfterAnswer(socket: Socket, lingerMs: number): void {
  if (closing.has(socket)) return;
  closing.add(socket);
  dropIncoming(socket);
  (socket as Socket & { destroySoon?: () => void }).destroySoon = () => socket.end();
  lingerThenDestroy(socket, lingerMs);
}

function lingerThenDestroy(socket: Socket, lingerMs: number): void {
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  // The client is done sending: close once our answer is out.
  socket.once("end", () => {
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
  });
}
