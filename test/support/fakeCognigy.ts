/**
 * A stand-in for a Cognigy Endpoint's REST routes (POST /notify/:URLToken, POST /inject/:URLToken)
 * on loopback: records every call, and can answer errors or drop connections to play "Cognigy down".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface CognigyCall {
  route: "notify" | "inject";
  URLToken: string;
  body: { userId?: string; sessionId?: string; text?: string; data?: Record<string, unknown> };
  status: number;
}

export interface FakeCognigy {
  readonly url: string;
  readonly calls: CognigyCall[];
  /** Successful calls only. */
  delivered(route?: "notify" | "inject"): CognigyCall[];
  /** The next `count` calls answer `status` (0 = the connection is destroyed). */
  failNext(count: number, status?: number): void;
  /** Every call waits this long before answering. */
  setDelay(ms: number): void;
  /**
   * The status line and headers go out at once, the body only after `ms` (0: with them). `cut`: the
   * connection is destroyed then instead of the body being finished.
   */
  setBodyDelay(ms: number, cut?: boolean): void;
  /** Requests that reached the fake, answered or not yet (a hanging Cognigy may still have acted on them). */
  received(route?: "notify" | "inject"): number;
  close(): Promise<void>;
}

export async function startFakeCognigy(): Promise<FakeCognigy> {
  const calls: CognigyCall[] = [];
  let failures = 0;
  let failStatus = 503;
  let delayMs = 0;
  let bodyDelayMs = 0;
  let cutBody = false;
  const arrived: CognigyCall["route"][] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const match = /^\/(notify|inject)\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) {
        res.writeHead(404).end();
        return;
      }
      arrived.push(match[1] as CognigyCall["route"]);
      let body: CognigyCall["body"] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as CognigyCall["body"];
      } catch {
        res.writeHead(400).end();
        return;
      }
      const status = failures > 0 ? failStatus : 200;
      if (failures > 0) failures--;
      const answer = () => {
        calls.push({
          route: match[1] as CognigyCall["route"],
          URLToken: decodeURIComponent(match[2]),
          body,
          status,
        });
        if (status === 0) {
          req.socket.destroy();
          return;
        }
        const answerBody = status === 200 ? "{}" : '{"error":"unavailable"}';
        res.writeHead(status, { "content-type": "application/json", "content-length": answerBody.length });
        if (bodyDelayMs === 0) {
          res.end(answerBody);
          return;
        }
        res.flushHeaders();
        setTimeout(() => (cutBody ? req.socket.destroy() : res.end(answerBody)), bodyDelayMs);
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delivered: (route) => calls.filter((c) => c.status === 200 && (!route || c.route === route)),
    received: (route) => arrived.filter((r) => !route || r === route).length,
    setDelay: (ms) => {
      delayMs = ms;
    },
    setBodyDelay: (ms, cut = false) => {
      bodyDelayMs = ms;
      cutBody = cut;
    },
    failNext: (count, status = 503) => {
      failures = count;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
