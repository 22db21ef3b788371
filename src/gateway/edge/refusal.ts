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
 * Bytes still read and dropped after a refusal. A client that sent a small request gets a clean close;
 * past this the socket is paused: the answer still reaches the client (it is already written),
 * and a 2 MB body nobody wants costs no more reading (1,000 such clients would be 2 GB to read).
 */
const DROPPED_BYTES_READ = 16 * 1024;

function dropIncoming(socket: Socket): void {
  let dropped = 0;
  socket.removeAllListeners("data");
  socket.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DROPPED_BYTES_READ) socket.pause();
  });
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
