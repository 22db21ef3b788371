/**
 * One HTTP/1.1 exchange over a plain or TLS socket, for requests through a reverse proxy: the
 * status, headers and body exactly as they came back. Over sockets, not fetch: suites that load nock
 * patch the HTTP clients of this process.
 */
import net from "node:net";
import tls from "node:tls";

export interface Exchange {
  origin: string;
  /** PEM of the CA that signed the proxy's certificate, for https origins. */
  ca?: string;
  /** The name asked for (TLS SNI and Host), when the origin is an address; default localhost. */
  serverName?: string;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  /** Sent after the head; write errors are ignored (the proxy may answer and close early). */
  body?: Buffer;
  timeoutMs?: number;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function exchange(request: Exchange): Promise<Answer> {
  const url = new URL(request.origin);
  const port = Number(url.port);
  const head = [
    `${request.method ?? "GET"} ${request.path} HTTP/1.1`,
    `host: ${request.serverName ?? "localhost"}:${port}`,
    "connection: close",
    ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ].join("\r\n");
  return new Promise((resolve, reject) => {
    const socket =
      url.protocol === "https:"
        ? tls.connect({
            host: url.hostname,
            port,
            ca: request.ca,
            servername: request.serverName ?? "localhost",
          })
        : net.connect(port, url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(), request.timeoutMs ?? 10_000);
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!match || end < 0) {
        reject(
          new Error(
            `no HTTP answer from ${request.origin}${request.path}: ${JSON.stringify(text.slice(0, 200))}`,
          ),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const line of text.slice(0, end).split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(match[1]), headers, body: text.slice(end + 4) });
    }
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => finish());
    socket.on("close", () => finish());
    socket.once(url.protocol === "https:" ? "secureConnect" : "connect", () => {
      socket.write(`${head}\r\n\r\n`);
      if (request.body) socket.write(request.body, () => undefined);
    });
  });
}
