/** Raw bytes to an HTTP server over loopback, for requests no HTTP client would send. */
import net from "node:net";

export interface RawAnswer {
  /** The status code of the first answer, 0 if none came. */
  status: number;
  text: string;
}

/**
 * Sends `bytes`, waits for an answer; without one after `patienceMs`, ends the sending side (some
 * bytes are a valid prefix that waits for more) and waits as long again.
 */
export function rawRequest(origin: string, bytes: Buffer | string, patienceMs = 1000): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(first);
      clearTimeout(second);
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text });
    };
    let second: NodeJS.Timeout | undefined;
    const first = setTimeout(() => {
      socket.end();
      second = setTimeout(finish, patienceMs);
    }, patienceMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString("latin1"))) setTimeout(finish, 5);
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(bytes);
  });
}

/**
 * A POST whose body is sent in full whatever the server answers meanwhile; resolves with the status
 * seen. Over a plain socket: test suites that load nock patch node:http's client.
 */
export function postBody(
  url: string,
  body: Buffer,
  headers: Record<string, string | number> = {},
): Promise<{ status: number; error?: string }> {
  const target = new URL(url);
  const chunked = headers["transfer-encoding"] === "chunked";
  const lines = Object.entries({
    host: target.host,
    "content-type": "application/json",
    ...(chunked ? {} : { "content-length": body.length }),
    ...headers,
  }).map(([k, v]) => `${k}: ${v}\r\n`);
  const head = Buffer.from(`POST ${target.pathname}${target.search} HTTP/1.1\r\n${lines.join("")}\r\n`);
  const payload = chunked
    ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")])
    : body;
  return new Promise((resolve) => {
    const socket = net.connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    let error: string | undefined;
    const finish = () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString("latin1"));
      socket.destroy();
      resolve(match ? { status: Number(match[1]) } : { status: 0, error: error ?? "no answer" });
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (Buffer.concat(chunks).includes("\r\n\r\n")) finish();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", finish);
    socket.write(head);
    socket.write(payload);
  });
}
