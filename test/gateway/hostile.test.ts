/**
 * The attacks of issue #12, against the built gateway in its own process (as deployed): every
 * request gets an HTTP answer, nothing unauthenticated reaches Cognigy, the process stays up and its
 * memory stays bounded. Loopback only; every loop is bounded in count and time.
 */

import { expect } from "chai";
import { threadIdFor } from "../../src/conversation/threadId";
import { signBody } from "../../src/engage/signature";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { SECRETS } from "../support/fixtures";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { postBody, rawRequest } from "../support/rawHttp";
import { seededRandom } from "../support/seededRandom";

const MB = 1024 * 1024;

async function inBatches<T>(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await one(i);
      }
    }),
  );
  return results;
}

describe("gateway under attack (built file, own process)", function () {
  this.timeout(120_000);
  let cognigy: FakeCognigy;
  let gateway: GatewayProcess;

  before(async () => {
    cognigy = await startFakeCognigy();
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
  });
  after(async () => {
    await gateway.stop();
    await cognigy.close();
  });
  afterEach(() => {
    expect(gateway.alive(), "the gateway process is still running").to.equal(true);
    expect(cognigy.received(), "nothing unauthenticated was forwarded").to.equal(0);
  });

  it("answers hostile paths (//, ///, http://[, /\\\\, //:99999, …) and stays up", async () => {
    const paths = [
      "//",
      "///",
      "http://[",
      "/\\\\",
      "//:99999",
      "*",
      "/%zz",
      "/handover/rce/%",
      "http://x/",
      "/?%",
    ];
    for (const path of paths) {
      for (const method of ["GET", "POST", "OPTIONS"]) {
        const answer = await rawRequest(
          gateway.origin,
          `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
        );
        expect(answer.status, `${method} ${path}`).to.be.within(400, 499);
      }
    }
    expect((await fetch(`${gateway.origin}/health`)).status).to.equal(200);
  });

  it("refuses an unauthenticated 2 MB body with 401, delivered to the client", async () => {
    const answer = await postBody(gateway.url, Buffer.alloc(2 * MB - 10, "a"));
    expect(answer.status).to.equal(401);
  });

  it("refuses a body over the limit with 413, declared or chunked, delivered to the client", async () => {
    const body = Buffer.alloc(3 * MB, "a");
    const signed = { "x-smccsdk-signature": signBody(body, SECRETS.realtimeAccessToken) };
    expect((await postBody(gateway.url, body, { ...signed, "content-length": body.length })).status).to.equal(
      413,
    );
    expect(
      (await postBody(gateway.url, body, { ...signed, "transfer-encoding": "chunked" })).status,
    ).to.equal(413);
    expect(
      (
        await postBody(gateway.url, body, {
          "x-dimelo-secret": SECRETS.webhookSecret,
          "content-length": body.length,
        })
      ).status,
    ).to.equal(413);
    expect(
      (await postBody(gateway.url, body, { "x-dimelo-secret": "guess", "content-length": body.length }))
        .status,
      "a wrong secret is refused before the size",
    ).to.equal(403);
  });

  it("keeps memory bounded while 300 clients each send a 2 MB unauthenticated body", async () => {
    const body = Buffer.alloc(2 * MB, "x");
    const answers = await inBatches(300, 300, () => postBody(gateway.url, body));
    expect(answers.filter((a) => a.status === 401)).to.have.length(300);
    expect(gateway.peakRssMb(), "peak RSS in MB").to.be.below(256);
  });

  it("survives a fuzz run of 10,000 random hostile requests, each answered over HTTP", async () => {
    const next = seededRandom(12);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
    const thread = threadIdFor({ URLToken: "tok", userId: "u", sessionId: "s" });
    const methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE", "post"];
    const paths = [
      "/handover/rce",
      "/handover/rce/",
      "/handover/rce?signature=",
      "/handover/rce?signature=abc&signature=def",
      "/handover/rce?hub.mode=subscribe&hub.challenge=x&hub.verify_token=y",
      "//",
      "///",
      "http://[",
      "/\\\\",
      "//:99999",
      "/health",
      "/ready",
      "/metrics",
      "/%00",
      "/%",
      "/handover/rce/../../etc/passwd",
      "/constructor",
      "/__proto__",
      `/${"a".repeat(5000)}`,
      "*",
    ];
    const bodies = () =>
      pick([
        () => "",
        () => "{",
        () => '{"action":"implementation.info"}',
        () =>
          JSON.stringify({
            action: "messages.create",
            params: { thread_id: thread, body: "<".repeat(5000) },
          }),
        () =>
          JSON.stringify({ events: [{ type: "constructor", id: "e", resource: { type: "r", id: "1" } }] }),
        () => '{"__proto__":{"polluted":true},"action":"toString"}',
        () => bytes(Math.floor(next() * 2048)).toString("latin1"),
      ])();
    const headerSets = () =>
      pick([
        () => ({}),
        () => ({ "x-smccsdk-signature": bytes(16).toString("hex") }),
        () => ({ "x-dimelo-secret": bytes(8).toString("hex") }),
        () => ({ "x-dimelo-secret": "", "x-smccsdk-signature": "" }),
        () => ({
          "x-request-id": bytes(40)
            .toString("latin1")
            .replace(/[\r\n]/g, ""),
        }),
        () => ({
          "content-type": pick(["text/html", "application/json; charset=utf-16", "multipart/form-data"]),
        }),
      ])();
    const request = (i: number): Buffer => {
      const kind = next();
      if (kind < 0.08) return bytes(1 + Math.floor(next() * 200));
      const body = Buffer.from(bodies(), "latin1");
      const headers: Record<string, string> = headerSets();
      let framing = `Content-Length: ${body.length}\r\n`;
      const f = next();
      if (f < 0.03) framing = `Content-Length: ${pick(["-1", "abc", "99999999999999999999", "1e3"])}\r\n`;
      else if (f < 0.05) framing = `Content-Length: ${body.length}\r\nContent-Length: ${body.length + 1}\r\n`;
      else if (f < 0.08) framing = `Transfer-Encoding: chunked\r\n`;
      else if (f < 0.1) framing = `Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n`;
      const head =
        `${pick(methods)} ${pick(paths)} HTTP/1.1\r\nHost: ${pick(["x", "", "[::1]", "a".repeat(300)])}\r\n` +
        Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join("") +
        framing +
        `X-Fuzz: ${i}\r\n\r\n`;
      const payload = framing.startsWith("Transfer-Encoding")
        ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")])
        : body;
      return Buffer.concat([Buffer.from(head, "latin1"), payload]);
    };
    const requests = Array.from({ length: 10_000 }, (_, i) => request(i));
    const started = Date.now();
    const answers = await inBatches(requests.length, 64, (i) => rawRequest(gateway.origin, requests[i], 300));
    const unanswered = answers
      .map((a, i) => ({ a, i }))
      .filter(({ a }) => a.status === 0)
      .slice(0, 3)
      .map(({ i }) => JSON.stringify(requests[i].toString("latin1").slice(0, 200)));
    expect(unanswered, "requests without an HTTP answer").to.deep.equal([]);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).to.have.length(0);
    expect(Date.now() - started, "bounded in time").to.be.below(60_000);
    expect((await fetch(`${gateway.origin}/health`)).status).to.equal(200);
  });
});
