/**
 * The requests every reverse proxy in deploy/ must answer as the gateway behind it would want: the
 * public paths pass, everything else is 404, and the body limit is the gateway's own: a body of
 * exactly 2 MiB with a (wrong) signature reaches the gateway whole, which answers 403 after checking
 * it; one byte more is 413. So the proxy refuses nothing the gateway accepts.
 */
import { expect } from "chai";
import { SIGNATURE_HEADER } from "../../src/engage/signature";
import { MAX_BODY_BYTES } from "../../src/gateway/server";
import { type Answer, exchange } from "../support/socketHttp";

export interface ProxyUnderTest {
  origin: string;
  ca?: string;
  serverName?: string;
}

const json = { "content-type": "application/json" };

function get(proxy: ProxyUnderTest, path: string): Promise<Answer> {
  return exchange({ ...proxy, path });
}

/** A signature header that is present but wrong: the gateway checks the size, then the signature. */
const WRONG_SIGNATURE = { [SIGNATURE_HEADER]: "0".repeat(128) };

function post(
  proxy: ProxyUnderTest,
  bytes: number,
  { declared = bytes, signed = false }: { declared?: number; signed?: boolean } = {},
): Promise<Answer> {
  return exchange({
    ...proxy,
    method: "POST",
    path: "/handover/rce",
    headers: { ...json, ...(signed ? WRONG_SIGNATURE : {}), "content-length": declared },
    body: Buffer.alloc(bytes, 0x20),
  });
}

/** Runs the checks; returns the 413 answer, so a caller can tell who gave it. */
export async function expectGatewayBehindProxy(proxy: ProxyUnderTest): Promise<Answer> {
  const health = await get(proxy, "/health");
  expect(health.status, "GET /health").to.equal(200);
  expect(health.body, "GET /health comes from the gateway").to.contain('"status":"ok"');

  const unsigned = await post(proxy, 2);
  expect(unsigned.status, "unsigned POST /handover/rce").to.equal(401);
  expect(unsigned.body, "the gateway's reason").to.match(/signature|secret/i);

  const atLimit = await post(proxy, MAX_BODY_BYTES, { signed: true });
  expect(atLimit.status, `a body of exactly ${MAX_BODY_BYTES} bytes reaches the gateway whole`).to.equal(403);
  expect(atLimit.body, "the gateway checked its signature").to.match(/signature/i);

  const over = await post(proxy, 0, { declared: MAX_BODY_BYTES + 1, signed: true });
  expect(over.status, `a body declared ${MAX_BODY_BYTES + 1} bytes`).to.equal(413);

  for (const path of ["/", "/ready", "/metrics", "/handover/rce/x", "/handover", "/health/x"]) {
    expect((await get(proxy, path)).status, `GET ${path} stays private`).to.equal(404);
  }
  return over;
}

/** Replaces `from` by `to`, which must occur exactly once: the shipped file is otherwise untouched. */
export function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from);
  if (parts.length !== 2)
    throw new Error(`expected exactly one ${JSON.stringify(from)}, found ${parts.length - 1}`);
  return parts.join(to);
}
