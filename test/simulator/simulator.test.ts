import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { CONSUMED_WEBHOOK_EVENT_TYPES } from "../../src/engage/webhookEvents";
import { type RceSimulator, type SimThread, SimulatorRefusal, startRceSimulator } from "./index";

interface ApiResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

interface Envelope<T> {
  count: number;
  offset: number;
  limit: number;
  records: T[];
}

interface Captured {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A tiny integrator endpoint that records what the simulator sends. */
async function startReceiver(
  answer: (req: Captured) => {
    status?: number;
    body?: string;
    headers?: Record<string, string>;
  } = () => ({}),
): Promise<{ url: string; received: Captured[]; close: () => Promise<void> }> {
  const received: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const captured = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(captured);
      const out = answer(captured);
      res.writeHead(out.status ?? 200, { "content-type": "application/json", ...(out.headers ?? {}) });
      res.end(out.body ?? "{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/handover/rce`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const hmac = (body: string, key: string): string => createHmac("sha512", key).update(body).digest("hex");

/** A valid implementation.info answer: messages only, messaging view, typing and queue updates. */
const MESSAGING = {
  objects: { messages: ["create", "show", "list"] },
  options: ["view.messaging", "messages.text", "messaging.typing_indicator", "messaging.queuing_update"],
};

describe("RCE simulator", function () {
  this.timeout(10_000);
  let sim: RceSimulator;

  async function api(
    path: string,
    init: { method?: string; token?: string | null; body?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResult> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    const token = init.token === undefined ? sim.defaults.apiAccessToken : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${sim.baseApiUrl}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body,
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** An answer signed with the default source's token, as the integrator must sign it. */
  const signed = (body: string) => ({
    body,
    headers: { "X-SMCCSDK-SIGNATURE": hmac(body, sim.defaults.realtimeAccessToken) },
  });

  const customer = (id = "cust-1") => ({
    id,
    screenname: "Jane Doe",
    created_at: "2026-01-02T10:00:00Z",
    updated_at: "2026-01-02T10:00:00Z",
  });

  async function importMessage(threadId: string, messageId: string, extra: Record<string, unknown> = {}) {
    const res = await sim.sendApi("messages.create", {
      id: messageId,
      thread_id: threadId,
      body: `hello ${messageId}`,
      author: customer(),
      ...extra,
    });
    expect(res.status, res.body).to.equal(200);
    await sim.waitForImports();
    const thread = sim.findThreadByForeignId(threadId);
    if (!thread) throw new Error("thread not imported");
    return thread;
  }

  beforeEach(async () => {
    sim = await startRceSimulator({ importDelayMs: 1 });
  });

  afterEach(async () => {
    await sim.close();
  });

  describe("startup and seed", () => {
    it("listens on loopback and exposes the seeded defaults", async () => {
      expect(sim.baseApiUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/1\.0$/);
      expect(sim.realtimeEndpointUrl).to.equal(`${sim.origin}/realtime/sdk/${sim.defaults.sourceId}`);
      for (const id of [sim.defaults.sourceId, sim.defaults.botCategoryId, sim.defaults.agentCategoryId]) {
        expect(id).to.match(/^[0-9a-f]{24}$/);
      }
      const source = await api(`/content_sources/${sim.defaults.sourceId}`);
      expect(source.status).to.equal(200);
      expect(source.headers.get("content-type")).to.equal("application/json; charset=utf-8");
      expect(source.json).to.include({
        name: "Cognigy SDK",
        active: true,
        channel_id: sim.defaults.channelId,
      });
      expect((source.json as { default_category_ids: string[] }).default_category_ids).to.deep.equal([
        sim.defaults.botCategoryId,
      ]);
      const cats = await api(`/categories?parent_id=${sim.defaults.parentCategoryId}`);
      const names = (cats.json as Envelope<{ name: string }>).records.map((c) => c.name);
      expect(names).to.deep.equal(["Bot", "Agent"]);
      const me = await api("/users/me");
      expect((me.json as { id: string }).id).to.equal(sim.defaults.agentUserId);
      const hooks = await api("/webhooks");
      expect(
        (hooks.json as Envelope<{ registered_events: string[] }>).records[0]?.registered_events,
      ).to.deep.equal([...CONSUMED_WEBHOOK_EVENT_TYPES]);
    });
  });

  describe("REST basics", () => {
    it("answers 401 with the documented error body for a missing or unknown token", async () => {
      const missing = await api("/content_threads", { token: null });
      expect(missing.status).to.equal(401);
      expect(missing.json).to.have.all.keys("error", "message", "status");
      expect(missing.json).to.include({ status: 401, error: "invalid_access_token" });
      const unknown = await api("/content_threads", { token: "nope" });
      expect(unknown.status).to.equal(401);
      expect((unknown.json as { status: number }).status).to.equal(401);
    });

    it("accepts the token as ?access_token= and answers 404 with the error body for unknown routes", async () => {
      const viaQuery = await api(`/content_threads?access_token=${sim.defaults.apiAccessToken}`, {
        token: null,
      });
      expect(viaQuery.status).to.equal(200);
      const unknown = await api("/no_such_thing");
      expect(unknown.status).to.equal(404);
      expect(unknown.json).to.include({ error: "not_found", status: 404 });
    });

    it("pages with the {count, offset, limit, records} envelope, default 30, limit clamped to 150", async () => {
      for (let i = 0; i < 160; i++)
        sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: `t${i}` });
      const first = (await api("/content_threads")).json as Envelope<SimThread>;
      expect(first).to.include({ count: 160, offset: 0, limit: 30 });
      expect(first.records).to.have.length(30);
      const big = (await api("/content_threads?limit=500")).json as Envelope<SimThread>;
      expect(big.limit).to.equal(150);
      expect(big.records).to.have.length(150);
      const tail = (await api("/content_threads?offset=150&limit=20")).json as Envelope<SimThread>;
      expect(tail).to.include({ offset: 150, limit: 20 });
      expect(tail.records).to.have.length(10);
    });

    it("searches threads with q: foreign (and foreign_id), source, categorized_in, negation, quotes, order", async () => {
      const other = sim.store.createSource({ community_id: sim.defaults.communityId, name: "Other" });
      sim.store.grant(sim.defaults.agentUserId, other.id, ["read"]);
      const a = sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: "conv a" });
      const b = sim.store.createThread({
        source_id: sim.defaults.sourceId,
        foreign_id: "conv-b",
        thread_category_ids: [sim.defaults.agentCategoryId],
      });
      const c = sim.store.createThread({ source_id: other.id, foreign_id: "conv-c" });
      const ids = async (q: string) =>
        ((await api(`/content_threads?q=${encodeURIComponent(q)}`)).json as Envelope<SimThread>).records.map(
          (t) => t.id,
        );
      expect(await ids('foreign:"conv a"')).to.deep.equal([a.id]);
      expect(await ids("foreign_id:conv-b")).to.deep.equal([b.id]);
      expect(await ids(`source:${other.id}`)).to.deep.equal([c.id]);
      expect(await ids(`categorized_in:${sim.defaults.agentCategoryId}`)).to.deep.equal([b.id]);
      expect(await ids(`-source:${other.id} order:created_at.asc`)).to.deep.equal([a.id, b.id]);
      expect(await ids(`source:${sim.defaults.sourceId} order:created_at.desc`)).to.deep.equal([b.id, a.id]);
    });

    it("hides threads of sources the token's agent cannot read (404 on show)", async () => {
      const thread = sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: "secret" });
      sim.store.revoke(sim.defaults.agentUserId, sim.defaults.sourceId);
      const show = await api(`/content_threads/${thread.id}`);
      expect(show.status).to.equal(404);
      expect(show.json).to.include({ status: 404 });
      expect(((await api("/content_threads")).json as Envelope<SimThread>).count).to.equal(0);
    });
  });

  describe("update_categories", () => {
    it("replaces thread_category_ids from query, form or JSON params and rejects unknown ids", async () => {
      const { botCategoryId: bot, agentCategoryId: agent } = sim.defaults;
      const thread = sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: "x" });
      expect(thread.thread_category_ids).to.deep.equal([bot]);
      const path = `/content_threads/${thread.id}/update_categories`;
      const viaQuery = await api(`${path}?thread_category_ids[]=${agent}`, { method: "PUT" });
      expect(viaQuery.status).to.equal(200);
      expect((viaQuery.json as SimThread).thread_category_ids).to.deep.equal([agent]);
      const viaForm = await api(path, {
        method: "PUT",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `thread_category_ids[]=${bot}&thread_category_ids[]=${agent}`,
      });
      expect((viaForm.json as SimThread).thread_category_ids).to.deep.equal([bot, agent]);
      const viaJson = await api(path, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ thread_category_ids: [agent] }),
      });
      expect((viaJson.json as SimThread).thread_category_ids).to.deep.equal([agent]);
      const empty = await api(`${path}?thread_category_ids[]=`, { method: "PUT" });
      expect((empty.json as SimThread).thread_category_ids).to.deep.equal([]);
      const bad = await api(`${path}?thread_category_ids[]=ffffffffffffffffffffffff`, { method: "PUT" });
      expect(bad.status).to.equal(422);
      expect(bad.json).to.have.all.keys("error", "message", "status");
    });

    it("answers 409 while a categorization of the same thread is running", async () => {
      sim.setCategorizationMs(80);
      const thread = sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: "y" });
      const path = `/content_threads/${thread.id}/update_categories?thread_category_ids[]=${sim.defaults.agentCategoryId}`;
      const [one, two] = await Promise.all([api(path, { method: "PUT" }), api(path, { method: "PUT" })]);
      expect([one.status, two.status].sort()).to.deep.equal([200, 409]);
      const conflict = one.status === 409 ? one : two;
      expect(conflict.json).to.include({ status: 409 });
      expect((await api(path, { method: "PUT" })).status).to.equal(200);
    });
  });

  describe("Send API", () => {
    const message = { id: "m1", thread_id: "conv-1", body: "hi", author: customer() };

    it("accepts a body signed in the header (any hex case) or in ?signature=, and answers 200 ok", async () => {
      const body = JSON.stringify({ action: "messages.create", params: message });
      const sig = sim.sign(body).toUpperCase();
      const res = await fetch(sim.realtimeEndpointUrl, {
        method: "POST",
        headers: { "X-SMCCSDK-SIGNATURE": sig },
        body,
      });
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal("ok");
      const viaQuery = await sim.sendApi(
        "messages.create",
        { ...message, id: "m2" },
        { signatureIn: "query" },
      );
      expect(viaQuery).to.deep.equal({ status: 200, body: "ok" });
    });

    it("rejects tampered bodies, wrong keys and unknown sources with 422", async () => {
      const body = JSON.stringify({ action: "messages.create", params: message });
      const sig = sim.sign(body);
      const tampered = await fetch(sim.realtimeEndpointUrl, {
        method: "POST",
        headers: { "x-smccsdk-signature": sig },
        body: body.replace('"hi"', '"hI"'),
      });
      expect(tampered.status).to.equal(422);
      expect(await tampered.text()).to.equal("Invalid signature");
      expect(await sim.sendApi("messages.create", message, { signWith: "wrong" })).to.deep.equal({
        status: 422,
        body: "Invalid signature",
      });
      expect(await sim.sendApi("messages.create", message, { signatureIn: "none" })).to.deep.equal({
        status: 422,
        body: "Invalid signature",
      });
      const unknown = await fetch(`${sim.origin}/realtime/sdk/000000000000000000000000`, {
        method: "POST",
        headers: { "x-smccsdk-signature": sig },
        body,
      });
      expect([unknown.status, await unknown.text()]).to.deep.equal([422, "Source not found"]);
    });

    it("maps malformed requests to the documented 400/413/422 errors", async () => {
      expect(await sim.sendApi("x", null, { rawBody: "{not json" })).to.deep.equal({
        status: 400,
        body: "Bad request",
      });
      expect(
        await sim.sendApi("x", null, { rawBody: JSON.stringify({ action: "messages.create" }) }),
      ).to.deep.equal({
        status: 400,
        body: "Invalid request format",
      });
      expect(await sim.sendApi("messages.destroy", {})).to.deep.equal({
        status: 422,
        body: "Invalid action",
      });
      const noAuthor = await sim.sendApi("messages.create", { id: "m", thread_id: "t", body: "x" });
      expect(noAuthor).to.deep.equal({ status: 422, body: "Invalid resource format" });
      const noBody = await sim.sendApi("messages.create", { id: "m", thread_id: "t", author: customer() });
      expect(noBody.body).to.equal("Invalid resource format");
      const badUser = await sim.sendApi("users.create", { id: "u1", screenname: "U" });
      expect(badUser.body).to.equal("Invalid resource format");
      const huge = await sim.sendApi("x", null, { rawBody: `{"pad":"${"a".repeat(20_971_520)}"}` });
      expect(huge.status).to.equal(413);
    });

    it("structured content: view.messaging declared, each type's required attributes and limits; structured_reply a hash with a payload", async () => {
      const bot = { ...customer("bot"), puppetizable: true };
      const send = (structured_content: unknown, extra: Record<string, unknown> = {}) =>
        sim.sendApi("messages.create", { ...message, author: bot, structured_content, ...extra });
      expect(sim.declareImplementation({ ...MESSAGING, options: ["messages.text"] }).accepted).to.equal(true);
      expect((await send({ type: "select", items: [{ title: "A" }] })).body).to.equal(
        "Source doesn't support structured contents",
      );
      expect(sim.declareImplementation(MESSAGING).accepted).to.equal(true);
      expect((await send({ items: [] })).body).to.equal("Type is required for structured contents");
      expect((await send({ type: "time_picker" })).body).to.equal(
        "Source doesn't support this type of structured content",
      );
      expect((await send({ type: "select", items: [] })).body).to.equal(
        'structured_content: "items" must not be empty',
      );
      expect((await send({ type: "rich_link", title: "T" })).body).to.equal(
        'structured_content: "url" must not be empty',
      );
      expect((await send({ type: "carousel", items: [{ subtitle: "s" }] })).body).to.equal(
        'structured_content: "title" must not be empty',
      );
      const many = Array.from({ length: 14 }, (_, i) => ({ title: `o${i}` }));
      expect((await send({ type: "select", items: many })).status).to.equal(422);
      expect((await send({ type: "select", items: [{ title: "x".repeat(81) }] })).status).to.equal(422);
      expect(
        (await send({ type: "template", title: "T", items: [{ type: "url", title: "Go" }] })).body,
      ).to.equal('structured_content: "url" must not be empty');
      expect(
        (await send({ type: "template", title: "T", items: [{ type: "reply", title: "Ok" }] })).status,
      ).to.equal(200);
      const reply = (structured_reply: unknown) =>
        sim.sendApi("messages.create", { ...message, id: "pick-1", structured_reply });
      expect((await reply("REFUND")).status).to.equal(422);
      expect((await reply({ payload: 5 })).status).to.equal(422);
      expect((await reply({ payload: "REFUND" })).status).to.equal(200);
      await sim.waitForImports();
      const picked = [...sim.store.contents.values()].find((c) => c.foreign_id === "pick-1");
      expect(picked?.structured_reply).to.deep.equal({ payload: "REFUND" });
    });

    it("rejects context_data keys outside [a-zA-Z-] by default, drops them with the drop policy", async () => {
      const bad = { ...message, author: { ...customer(), context_data: { first_name: "x" } } };
      expect(await sim.sendApi("messages.create", bad)).to.deep.equal({
        status: 422,
        body: "Invalid resource format",
      });
      sim.settings.contextDataKeys = "drop";
      const mixed = {
        ...message,
        author: { ...customer(), context_data: { first_name: "x", plan: "gold" } },
      };
      expect((await sim.sendApi("messages.create", mixed)).status).to.equal(200);
      await sim.waitForImports();
      const identity = sim.store.findIdentityByForeignId(sim.defaults.communityId, "cust-1");
      expect(identity?.extra_values).to.deep.equal({ plan: "gold" });
    });

    it("requires a puppetizable author for structured content and limits typing.start to 1 per thread per 2 s", async () => {
      const structured = { ...message, structured_content: { type: "select", items: [{ title: "Yes" }] } };
      expect(await sim.sendApi("messages.create", structured)).to.deep.equal({
        status: 422,
        body: "The author must be puppetizable",
      });
      const bot = { ...structured, author: { ...customer("bot"), puppetizable: true } };
      expect((await sim.sendApi("messages.create", bot)).status).to.equal(200);
      const typing = { thread_id: "conv-1", preview: "typ" };
      // typing needs messaging.typing_indicator in an accepted implementation.info
      expect(await sim.sendApi("typing.start", typing)).to.deep.equal({
        status: 422,
        body: "Invalid action",
      });
      expect(sim.declareImplementation(MESSAGING).accepted).to.equal(true);
      expect((await sim.sendApi("typing.start", typing)).status).to.equal(200);
      const flood = await sim.sendApi("typing.start", typing);
      expect(flood.status).to.equal(429);
      expect((await sim.sendApi("typing.stop", { thread_id: "conv-1" })).status).to.equal(200);
      expect((await sim.sendApi("typing.start", typing)).status).to.equal(200);
      expect(sim.typingEvents.map((e) => e.action)).to.deep.equal([
        "typing.start",
        "typing.stop",
        "typing.start",
      ]);
    });

    it("imports asynchronously: identity, thread with the source default categories, content", async () => {
      sim.setImportDelay(40);
      const res = await sim.sendApi("messages.create", {
        id: "msg-1",
        thread_id: "conv-42",
        body: "I need help",
        format: "text",
        author: {
          ...customer(),
          firstname: "Jane",
          email: "jane@example.com",
          context_data: { plan: "gold" },
        },
      });
      expect(res).to.deep.equal({ status: 200, body: "ok" });
      const before = (await api("/content_threads?q=foreign:conv-42")).json as Envelope<SimThread>;
      expect(before.count).to.equal(0);
      await sim.waitForImports();
      const after = (await api("/content_threads?q=foreign:conv-42")).json as Envelope<SimThread>;
      expect(after.count).to.equal(1);
      const thread = after.records[0] as SimThread;
      expect(thread).to.include({
        source_id: sim.defaults.sourceId,
        foreign_id: "conv-42",
        contents_count: 1,
      });
      expect(thread.thread_category_ids).to.deep.equal([sim.defaults.botCategoryId]);
      expect(thread.category_ids).to.deep.equal([sim.defaults.botCategoryId]);
      const identities = (await api(`/identities?foreign_id=cust-1&source_id=${sim.defaults.sourceId}`))
        .json as Envelope<{ id: string; screenname: string; email: string; identity_group_id: string }>;
      expect(identities.count).to.equal(1);
      const identity = identities.records[0];
      expect(identity).to.include({ screenname: "Jane Doe", email: "jane@example.com" });
      const contents = (await api(`/contents?q=${encodeURIComponent(`thread:"${thread.id}"`)}`))
        .json as Envelope<{
        foreign_id: string;
        body: string;
        author_id: string;
      }>;
      expect(contents.records[0]).to.include({
        foreign_id: "msg-1",
        body: "I need help",
        author_id: identity?.id,
      });
      const group = await api(`/identity_groups/${identity?.identity_group_id}`);
      expect(
        (group.json as { custom_field_values: Record<string, string> }).custom_field_values,
      ).to.deep.equal({
        plan: "gold",
      });
    });

    it("ignores a repeated message id on the same source", async () => {
      const thread = await importMessage("conv-d", "dup-1");
      await importMessage("conv-d", "dup-1");
      expect(sim.threadContents(thread.id)).to.have.length(1);
      expect(sim.ignoredImports.map((i) => i.foreignId)).to.deep.equal(["dup-1"]);
    });
  });

  describe("fault injection", () => {
    it("returns a status with the documented error body (and custom headers) the given number of times", async () => {
      sim.faults.failWith("GET", "/content_threads", 503, { times: 2, headers: { "Retry-After": "1" } });
      const first = await api("/content_threads");
      expect(first.status).to.equal(503);
      expect(first.headers.get("retry-after")).to.equal("1");
      expect(first.json).to.include({ error: "service_unavailable", status: 503 });
      expect((await api("/content_threads")).status).to.equal(503);
      expect((await api("/content_threads")).status).to.equal(200);
      sim.faults.failWith("PUT", /update_categories$/, 429);
      const limited = await api("/content_threads/abc/update_categories", { method: "PUT" });
      expect(limited.json).to.include({ error: "rate_limit_exceeded", status: 429 });
      sim.faults.clear();
      expect((await api("/content_threads/abc/update_categories", { method: "PUT" })).status).to.equal(404);
    });

    it("adds per-rule and global latency", async () => {
      sim.faults.delay("GET", "/categories", 60, { times: 1 });
      let t0 = Date.now();
      await api("/categories");
      expect(Date.now() - t0).to.be.at.least(55);
      sim.setLatency(50);
      t0 = Date.now();
      await api("/categories");
      expect(Date.now() - t0).to.be.at.least(45);
    });

    it("serves malformed bodies: truncated JSON, an HTML page, a wrong shape", async () => {
      sim.faults.malformed("GET", "/categories", "truncated-json", { times: 1 });
      const truncated = await api("/categories");
      expect(truncated.status).to.equal(200);
      expect(truncated.json).to.equal(undefined);
      expect(truncated.text.length).to.be.greaterThan(0);
      sim.faults.malformed("GET", "/categories", "html", { times: 1, status: 502 });
      const html = await api("/categories");
      expect(html.status).to.equal(502);
      expect(html.headers.get("content-type")).to.match(/text\/html/);
      sim.faults.malformed("GET", "/categories", "wrong-shape", { times: 1 });
      const wrong = await api("/categories");
      expect(wrong.status).to.equal(200);
      expect(wrong.json).to.not.have.property("records");
    });

    it("resets the connection without an answer, also on the Send API", async () => {
      sim.faults.reset("*", "/content_threads", { times: 1 });
      let failed = false;
      try {
        await api("/content_threads");
      } catch {
        failed = true;
      }
      expect(failed).to.equal(true);
      expect((await api("/content_threads")).status).to.equal(200);
      sim.faults.reset("POST", "/realtime/sdk/", { times: 1 });
      const res = await sim.sendApi("typing.stop", { thread_id: "t" });
      expect(res.status).to.equal(0);
      expect(sim.lastRequest("POST", "/realtime/")?.fault).to.match(/^reset/);
    });
  });

  describe("fault injection: hang", () => {
    it("can leave a request unanswered until the client gives up", async () => {
      sim.faults.hang("GET", "/categories", { times: 1 });
      let error = "";
      try {
        await fetch(`${sim.baseApiUrl}/categories`, {
          headers: { authorization: `Bearer ${sim.defaults.apiAccessToken}` },
          signal: AbortSignal.timeout(100),
        });
      } catch (err) {
        error = String(err);
      }
      expect(error).to.match(/abort|timeout/i);
      expect((await api("/categories")).status).to.equal(200);
    });
  });

  describe("request log", () => {
    it("records method, path, parsed query, lower-cased headers, body and status", async () => {
      await api("/content_threads?q=foreign:a&limit=5", { headers: { "X-Custom": "yes" } });
      await api("/categories");
      const entry = sim.lastRequest("GET", "/content_threads");
      expect(entry).to.include({ method: "GET", path: "/1.0/content_threads", status: 200 });
      expect(entry?.query).to.deep.equal({ q: "foreign:a", limit: "5" });
      expect(entry?.headers["x-custom"]).to.equal("yes");
      expect(sim.countRequests("GET")).to.equal(2);
      expect(sim.countRequests(undefined, /^\/1\.0\/categories$/)).to.equal(1);
      sim.resetRequests();
      expect(sim.requests).to.have.length(0);
    });
  });

  describe("agents, interventions, status, tasks", () => {
    it("closes an intervention only with agent replies and only for its owner; cancel is refused after replies", async () => {
      const thread = await importMessage("conv-i", "m-i");
      const { intervention } = sim.agentEngages(thread.id, sim.defaults.agentUserId);
      const close = `/interventions/${intervention.id}/close`;
      const noReplies = await api(close, { method: "PUT" });
      expect(noReplies.status).to.equal(403);
      expect(noReplies.json).to.have.all.keys("error", "message", "status");
      await sim.agentReplies(thread.id, "Hi, Alice here", { agentId: sim.defaults.agentUserId });
      expect((await api(`/interventions/${intervention.id}/cancel`, { method: "DELETE" })).status).to.equal(
        403,
      );
      const closed = await api(close, { method: "PUT" });
      expect(closed.status).to.equal(200);
      expect(closed.json).to.include({ closed: true });
      expect((await api(close, { method: "PUT" })).status).to.equal(403);
      const list = (await api(`/interventions?thread_id=${thread.id}&status=closed`)).json as Envelope<{
        id: string;
      }>;
      expect(list.records.map((i) => i.id)).to.deep.equal([intervention.id]);

      const other = await importMessage("conv-j", "m-j");
      const engaged = sim.agentEngages(other.id);
      await sim.agentReplies(other.id, "hello");
      expect(
        (await api(`/interventions/${engaged.intervention.id}/close`, { method: "PUT" })).status,
      ).to.equal(403);
    });

    it("lists only connected agents in /status with source and category filters", async () => {
      const {
        secondAgentUserId: alice,
        agentUserId: api1,
        sourceId,
        agentCategoryId,
        channelId,
      } = sim.defaults;
      sim.setAgentStatus(alice, { status: "available", busyness: "ok" });
      sim.setAgentStatus(api1, { status: "away" });
      const all = (await api("/status")).json as {
        agent_id: string;
        channels: { id: string; status: string }[];
      }[];
      expect(all.map((s) => s.agent_id).sort()).to.deep.equal([alice, api1].sort());
      const filtered = (await api(`/status?category_ids[]=${agentCategoryId}&source_ids[]=${sourceId}`))
        .json as {
        agent_id: string;
        channels: { id: string; status: string; busyness: string }[];
      }[];
      expect(filtered).to.have.length(1);
      expect(filtered[0]?.channels[0]).to.include({ id: channelId, status: "available", busyness: "ok" });
      sim.disconnectAgent(alice);
      const gone = await api(`/status/${alice}`);
      expect(gone.status).to.equal(404);
      expect(gone.json).to.include({ error: "disconnected" });
    });

    it("orders tasks by priority then latest first, global queue by default", async () => {
      const t1 = await importMessage("q1", "q1m");
      const t2 = await importMessage("q2", "q2m");
      const t3 = await importMessage("q3", "q3m");
      const low = sim.queueTask(t1.id, { priority: 1 });
      const high = sim.queueTask(t2.id, { priority: 5 });
      const lowLater = sim.queueTask(t3.id, { priority: 1 });
      sim.agentEngages(t1.id);
      const tasks = (await api("/tasks")).json as Envelope<{ id: string }>;
      expect(tasks.records.map((t) => t.id)).to.deep.equal([high.id, lowLater.id, low.id]);
      const workbins = (await api("/tasks?queue=workbins")).json as Envelope<{ id: string }>;
      expect(workbins.count).to.equal(1);
    });

    it("updates identity groups (arrays replace, custom fields merge) and answers 409 during an update", async () => {
      const thread = await importMessage("conv-g", "m-g");
      const content = sim.threadContents(thread.id)[0];
      const groupId = content?.identity_group_id as string;
      const body = "firstname=Jane&emails[]=a%40x.io&emails[]=b%40x.io&custom_field_values[plan]=gold";
      const res = await api(`/identity_groups/${groupId}`, {
        method: "PUT",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
      expect(res.status).to.equal(200);
      expect(res.json).to.deep.include({
        firstname: "Jane",
        emails: ["a@x.io", "b@x.io"],
        custom_field_values: { plan: "gold" },
      });
      sim.settings.identityGroupUpdateMs = 60;
      const path = `/identity_groups/${groupId}?lastname=Doe`;
      const both = await Promise.all([api(path, { method: "PUT" }), api(path, { method: "PUT" })]);
      expect(both.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    });
  });

  describe("pushes to the integrator", () => {
    it("signs Base URI requests over the exact bytes and checks the answer's signature", async () => {
      const token = sim.defaults.realtimeAccessToken;
      const receiver = await startReceiver((req) => {
        const body =
          JSON.parse(req.body).action === "implementation.info"
            ? JSON.stringify(MESSAGING)
            : JSON.stringify({ id: `ext-${req.body.length}` });
        return req.url.includes("unsigned")
          ? { body }
          : { body, headers: { "X-SMCCSDK-SIGNATURE": hmac(body, token) } };
      });
      try {
        sim.configureBaseUri(receiver.url);
        expect((await sim.pushImplementationInfo()).accepted).to.equal(true);
        receiver.received.shift();
        const reply = await sim.pushAgentReply({ thread_id: "conv-1", body: "Hello from an agent" });
        const sent = receiver.received[0] as Captured;
        expect(sent.headers["x-smccsdk-signature"]).to.equal(hmac(sent.body, token));
        const payload = JSON.parse(sent.body) as {
          action: string;
          params: Record<string, unknown>;
          time: string;
        };
        expect(payload.action).to.equal("messages.create");
        expect(payload.params).to.include.keys(
          "author_id",
          "body",
          "content_id",
          "created_at",
          "format",
          "in_reply_to_id",
          "retry",
          "sender_name",
          "thread_id",
          "updated_at",
        );
        expect(payload.time).to.match(/^\d{4}-\d{2}-\d{2}T/);
        expect(reply.signatureValid).to.equal(true);

        const queue = await sim.pushQueuingUpdate({
          thread_id: "conv-1",
          position: 3,
          estimated_wait_time: 120,
        });
        expect(queue.status).to.equal(200);
        const queued = JSON.parse((receiver.received[1] as Captured).body) as {
          action: string;
          params: unknown;
        };
        expect(queued).to.deep.include({
          action: "messaging.queuing_update",
          params: { thread_id: "conv-1", position: 3, estimated_wait_time: 120 },
        });

        sim.configureBaseUri(`${receiver.url}?unsigned=1`);
        const viaQuery = await sim.pushSdk("messages.show", { id: "1" }, { signatureIn: "query" });
        expect(viaQuery.signatureValid).to.equal(false);
        const last = receiver.received[2] as Captured;
        expect(new URL(last.url, "http://x").searchParams.get("signature")).to.equal(hmac(last.body, token));
      } finally {
        await receiver.close();
      }
    });

    it("records agent replies, pushes them as messages.create and stores the integrator's id", async () => {
      const receiver = await startReceiver((req) =>
        JSON.parse(req.body).action === "implementation.info"
          ? signed(
              JSON.stringify({
                objects: { messages: ["create", "show", "list"] },
                options: ["view.messaging"],
              }),
            )
          : { body: JSON.stringify({ id: "cognigy-77" }) },
      );
      try {
        sim.configureBaseUri(receiver.url);
        const info = await sim.pushImplementationInfo();
        expect(info.implementation?.options).to.deep.equal(["view.messaging"]);
        expect(JSON.parse((receiver.received[0] as Captured).body)).to.not.have.property("params");
        const thread = await importMessage("conv-r", "m-r");
        const result = await sim.agentReplies("conv-r", "How can I help?");
        expect(result.attempts).to.equal(1);
        expect(result.content).to.include({
          foreign_id: "cognigy-77",
          synchronization_status: "success",
          status: "user_reply",
        });
        const pushed = JSON.parse((receiver.received[1] as Captured).body) as {
          params: Record<string, unknown>;
        };
        expect(pushed.params).to.include({
          thread_id: "conv-r",
          in_reply_to_id: "m-r",
          body: "How can I help?",
          retry: false,
        });
        expect(sim.store.openIntervention(thread.id)?.user_replies_count).to.equal(1);
        // threads.create is not declared by this implementation.info answer any more
        expect(
          (await sim.sendApi("threads.create", { id: "t", author: customer(), body: "b" })).body,
        ).to.equal("Invalid action");
      } finally {
        await receiver.close();
      }
    });

    it("creates API replies with POST /contents and exports them to the Base URI asynchronously", async () => {
      const receiver = await startReceiver((req) =>
        JSON.parse(req.body).action === "implementation.info"
          ? signed(JSON.stringify(MESSAGING))
          : { body: JSON.stringify({ id: "ext-1" }) },
      );
      try {
        sim.configureBaseUri(receiver.url);
        expect((await sim.pushImplementationInfo()).accepted).to.equal(true);
        receiver.received.shift();
        const thread = await importMessage("conv-p", "m-p");
        const customerContent = sim.threadContents(thread.id)[0];
        const notEngaged = await api(`/contents?in_reply_to_id=${customerContent?.id}&body=hi`, {
          method: "POST",
        });
        expect(notEngaged.status).to.equal(422);
        sim.agentEngages(thread.id, sim.defaults.agentUserId);
        const created = await api("/contents", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `in_reply_to_id=${customerContent?.id}&body=${encodeURIComponent("From the API")}`,
        });
        expect(created.status).to.equal(200);
        expect(created.json).to.include({
          body: "From the API",
          status: "user_reply",
          synchronization_status: "pending",
        });
        await sim.waitForDeliveries();
        const id = (created.json as { id: string }).id;
        expect(sim.store.contents.get(id)).to.include({
          foreign_id: "ext-1",
          synchronization_status: "success",
        });
        const pushed = JSON.parse((receiver.received[0] as Captured).body) as {
          params: Record<string, unknown>;
        };
        expect(pushed.params).to.include({ content_id: id, thread_id: "conv-p", in_reply_to_id: "m-p" });
      } finally {
        await receiver.close();
      }
    });

    it("verifies and delivers webhooks with X-Dimelo-Secret, including intervention.closed on agent close", async () => {
      const receiver = await startReceiver((req) => {
        if (req.method === "GET") {
          const challenge = new URL(req.url, "http://x").searchParams.get("hub.challenge") ?? "";
          return { body: challenge, headers: { "content-type": "text/plain" } };
        }
        return {};
      });
      try {
        sim.configureWebhook(receiver.url, {
          secret: "s3cret",
          verifyToken: "cognigy123",
          events: ["intervention.closed"],
        });
        const verification = await sim.verifyWebhook();
        expect(verification.ok).to.equal(true);
        const get = receiver.received[0] as Captured;
        const query = new URL(get.url, "http://x").searchParams;
        expect(query.get("hub.mode")).to.equal("subscribe");
        expect(query.get("hub.verify_token")).to.equal("cognigy123");
        expect(get.headers["x-dimelo-secret"]).to.equal("s3cret");

        const delivery = await sim.deliverWebhook([
          {
            type: "intervention.closed",
            resource: { type: "intervention", id: "abc", metadata: { thread_id: "t" } },
          },
        ]);
        expect(delivery.status).to.equal(200);
        const post = receiver.received[1] as Captured;
        expect(post.headers["x-dimelo-secret"]).to.equal("s3cret");
        const payload = JSON.parse(post.body) as {
          id: string;
          domain_id: unknown;
          events: Record<string, unknown>[];
        };
        expect(payload).to.have.all.keys("id", "domain_id", "events");
        expect(payload.events[0]).to.include.all.keys("type", "id", "issued_at", "resource");

        const thread = await importMessage("conv-w", "m-w");
        const { intervention } = sim.agentEngages(thread.id);
        const { deliveries } = await sim.agentCloses(intervention.id);
        expect(deliveries).to.have.length(1);
        const closedEvent = (deliveries[0]?.payload.events ?? [])[0];
        expect(closedEvent).to.deep.include({
          type: "intervention.closed",
          user_id: sim.defaults.secondAgentUserId,
        });
        expect(closedEvent?.resource).to.deep.include({ type: "intervention", id: intervention.id });
        expect(closedEvent?.resource.metadata).to.include({
          thread_id: thread.id,
          source_id: sim.defaults.sourceId,
        });
      } finally {
        await receiver.close();
      }
    });
  });

  describe("the handover's lifecycle events (webhooks/events.md)", () => {
    /** Plays every moment RCE has for a conversation; returns the events delivered, in order. */
    async function playLifecycle(events: string[]) {
      const receiver = await startReceiver((req) =>
        req.method === "GET"
          ? { body: new URL(req.url, "http://x").searchParams.get("hub.challenge") ?? "" }
          : {},
      );
      try {
        sim.configureWebhook(receiver.url, { secret: "s3cret", verifyToken: "v-token-1", events });
        const thread = await importMessage("conv-l", "m-l");
        const grace = sim.defaults.secondAgentUserId;
        const alan = sim.store.createUser({ firstname: "Alan", lastname: "Turing" }).id;
        const task = sim.queueTask(thread.id);
        sim.lifecycle.undeliver(task.id);
        const intervention = sim.lifecycle.takeTask(task.id, grace);
        sim.lifecycle.assign(intervention.id, grace, sim.defaults.agentUserId);
        sim.lifecycle.transfer(intervention.id, alan, grace);
        sim.lifecycle.defer(intervention.id, alan);
        sim.lifecycle.reactivate(intervention.id);
        const open = [...sim.store.tasks.values()].find((t) => t.intervention_id === intervention.id);
        if (open) sim.lifecycle.expireFromWorkbin(open.id);
        await sim.agentCloses(intervention.id, alan);
        await importMessage("conv-l", "m-l2");
        const second = await importMessage("conv-c", "m-c");
        sim.agentCancels(sim.agentEngages(second.id, grace).intervention.id, grace);
        await sim.settle();
        return receiver.received
          .filter((r) => r.method === "POST")
          .flatMap((r) => (JSON.parse(r.body) as { events: Record<string, unknown>[] }).events);
      } finally {
        await receiver.close();
      }
    }

    it("sends every consumed event, in events.md's shape, when the webhook subscribes to them", async () => {
      const events = await playLifecycle([...CONSUMED_WEBHOOK_EVENT_TYPES]);
      const types = new Set(events.map((e) => e.type));
      expect(
        [...CONSUMED_WEBHOOK_EVENT_TYPES].filter((t) => !types.has(t)),
        "never sent",
      ).to.deep.equal([]);
      for (const event of events) {
        expect(event).to.include.all.keys("type", "id", "issued_at", "resource");
        const resource = event.resource as { type: string; id: unknown; metadata: Record<string, unknown> };
        expect(resource.metadata).to.have.property("thread_id");
        if (String(event.type).startsWith("task.")) {
          expect(resource.type).to.equal("task");
          expect(resource.metadata).to.include.all.keys(
            "agent_ids",
            "intervention_id",
            "queue",
            "created_at",
          );
        } else {
          expect(resource.type).to.equal("intervention");
          expect(resource.metadata).to.include.all.keys("user_id", "source_id", "closed_at", "deferred_at");
        }
      }
      const transferred = events.find((e) => e.type === "task.transferred") as {
        user_id: string;
        resource: { metadata: { agent_ids: string[] } };
      };
      expect(transferred.user_id, "who transferred it").to.equal(sim.defaults.secondAgentUserId);
      expect(transferred.resource.metadata.agent_ids, "the new agent").to.have.length(1);
      expect(events.find((e) => e.type === "intervention.reactivated")).to.not.have.property("user_id");
    });

    it("sends only what the webhook subscribes to", async () => {
      const events = await playLifecycle(["intervention.closed"]);
      expect([...new Set(events.map((e) => e.type))]).to.deep.equal(["intervention.closed"]);
    });
  });

  describe("strict to rce-docs (issue #11)", () => {
    const answer = (objects: Record<string, string[]>, options: string[] = []) => ({ objects, options });

    it("implementation.info: messages-only reading (default) refuses threads next to messages under view.messaging", () => {
      expect(sim.settings.threadsDeclaration).to.equal("messages-only");
      const both = sim.declareImplementation(
        answer({ messages: ["create"], threads: ["create"] }, ["view.messaging", "messages.text"]),
      );
      expect(both.accepted).to.equal(false);
      expect(both.problems.join()).to.match(/threads/);
      expect(sim.store.sourceMeta.get(sim.defaults.sourceId)?.implementation).to.equal(null);
      expect(
        sim.declareImplementation(answer({ messages: ["create"] }, ["view.messaging"])).accepted,
      ).to.equal(true);
      // without view.messaging, threads next to messages are fine (the public SDK examples do it)
      const classic = answer({ messages: ["create"], private_messages: ["create"], threads: ["create"] });
      expect(sim.declareImplementation(classic).accepted).to.equal(true);
    });

    it("implementation.info: threads-required reading refuses messages without threads unless messages.unthreaded", () => {
      sim.settings.threadsDeclaration = "threads-required";
      const alone = sim.declareImplementation(answer({ messages: ["create"] }, ["view.messaging"]));
      expect(alone.accepted).to.equal(false);
      expect(alone.problems.join()).to.match(/threads-required/);
      expect(
        sim.declareImplementation(answer({ messages: ["create"] }, ["messages.unthreaded"])).accepted,
      ).to.equal(true);
      expect(
        sim.declareImplementation(answer({ messages: ["create"], threads: ["create"] }, ["view.messaging"]))
          .accepted,
      ).to.equal(true);
    });

    it("implementation.info: always refuses typing without view.messaging, two messaging resources, unknown names, bad shapes", () => {
      const refused = (value: unknown) => {
        const result = sim.declareImplementation(value);
        expect(result.accepted, JSON.stringify(value)).to.equal(false);
        return result.problems.join(" | ");
      };
      expect(refused(answer({ messages: ["create"] }, ["messaging.typing_indicator"]))).to.match(
        /view\.messaging/,
      );
      expect(
        refused(answer({ messages: ["create"], private_messages: ["create"] }, ["view.messaging"])),
      ).to.match(/exactly one/);
      expect(refused(answer({ threads: ["create"] }, ["view.messaging"]))).to.match(/exactly one/);
      expect(refused(answer({ messages: ["create"] }, ["messages.typing"]))).to.match(/unknown option/);
      expect(refused(answer({ message: ["create"] }))).to.match(/unknown object/);
      expect(refused({ objects: { messages: "create" } })).to.match(/list of action names/);
      expect(refused({ options: [] })).to.match(/objects/);
      expect(refused(answer({ messages: ["create"] }, ["view.messaging", "messages.html"]))).to.match(
        /text only/,
      );
      // the flat list of request-response.md's PHP example: accepted by default, refusable
      const flat = { objects: ["messages.list", "messages.show", "messages.create"], options: [] };
      const accepted = sim.declareImplementation(flat);
      expect(accepted.accepted).to.equal(true);
      expect(accepted.implementation?.objects).to.deep.equal({ messages: ["list", "show", "create"] });
      sim.settings.acceptFlatObjects = false;
      expect(refused(flat)).to.match(/not a list/);
    });

    it("pushImplementationInfo stores only a valid, signed answer and reports accepted/problems", async () => {
      let reply: unknown = answer({ messages: ["create"], threads: ["create"] }, ["view.messaging"]);
      let sign = true;
      const receiver = await startReceiver(() => {
        const body = JSON.stringify(reply);
        return sign ? signed(body) : { body };
      });
      try {
        sim.configureBaseUri(receiver.url);
        const bad = await sim.pushImplementationInfo();
        expect(bad).to.include({ accepted: false, implementation: null, objectsForm: "hash" });
        expect(bad.problems).to.have.length(1);
        reply = MESSAGING;
        sign = false;
        const unsigned = await sim.pushImplementationInfo();
        expect(unsigned.accepted).to.equal(false);
        expect(unsigned.problems[0]).to.match(/SIGNATURE/);
        expect(sim.store.sourceMeta.get(sim.defaults.sourceId)?.implementation).to.equal(null);
        sign = true;
        const good = await sim.pushImplementationInfo();
        expect(good).to.include({ accepted: true });
        expect(good.problems).to.deep.equal([]);
        expect(sim.store.sourceMeta.get(sim.defaults.sourceId)?.implementation?.options).to.include(
          "messaging.queuing_update",
        );
      } finally {
        await receiver.close();
      }
    });

    it("sends no push but implementation.info until an answer is accepted, and only declared actions after", async () => {
      const receiver = await startReceiver((req) =>
        JSON.parse(req.body).action === "implementation.info"
          ? signed(JSON.stringify(answer({ messages: ["create", "show"] }, ["view.messaging"])))
          : { body: JSON.stringify({ id: "x-1" }) },
      );
      try {
        sim.configureBaseUri(receiver.url);
        const thread = await importMessage("conv-g", "m-g");
        let error: unknown;
        await sim.agentReplies(thread.id, "hi").catch((e: unknown) => {
          error = e;
        });
        expect(error).to.be.instanceOf(SimulatorRefusal);
        expect(String(error)).to.match(/no accepted implementation\.info/);
        expect(sim.threadContents(thread.id)).to.have.length(1); // nothing recorded
        error = undefined;
        await sim
          .pushQueuingUpdate({ thread_id: "conv-g", position: 1, estimated_wait_time: 5 })
          .catch((e) => {
            error = e;
          });
        expect(error).to.be.instanceOf(SimulatorRefusal);
        expect(receiver.received).to.have.length(0);
        // unchecked pushes still go out, to test the integrator's own refusal
        await sim.pushSdk("messages.create", { id: "1" }, { unchecked: true });
        expect(receiver.received).to.have.length(1);

        expect((await sim.pushImplementationInfo()).accepted).to.equal(true);
        expect((await sim.agentReplies(thread.id, "hi")).attempts).to.equal(1);
        error = undefined;
        await sim
          .pushQueuingUpdate({ thread_id: "conv-g", position: 1, estimated_wait_time: 5 })
          .catch((e) => {
            error = e;
          });
        expect(String(error)).to.match(/messaging\.queuing_update/);
        error = undefined;
        await sim.pushSdk("threads.show", { id: "1" }).catch((e) => {
          error = e;
        });
        expect(String(error)).to.match(/does not declare threads\.show/);

        sim.settings.requireImplementationInfo = false;
        expect(
          (await sim.pushQueuingUpdate({ thread_id: "conv-g", position: 1, estimated_wait_time: 5 })).status,
        ).to.equal(200);
      } finally {
        await receiver.close();
      }
    });

    it("typing is refused with Invalid action unless messaging.typing_indicator is declared", async () => {
      const typing = { thread_id: "conv-t", preview: "…" };
      expect((await sim.sendApi("typing.stop", { thread_id: "conv-t" })).body).to.equal("Invalid action");
      sim.declareImplementation(answer({ messages: ["create"] }, ["view.messaging"]));
      expect(await sim.sendApi("typing.start", typing)).to.deep.equal({
        status: 422,
        body: "Invalid action",
      });
      sim.declareImplementation(MESSAGING);
      expect((await sim.sendApi("typing.start", typing)).status).to.equal(200);
    });

    it("records the agent-reply answer form ({id, body} or {id}) and refuses answers without a string id", async () => {
      const answers: unknown[] = [
        { id: "a-1", body: "hi" },
        { id: "a-2" },
        { id: 3 },
        { body: "x" },
        { id: "a-5" },
      ];
      const receiver = await startReceiver((req) =>
        JSON.parse(req.body).action === "implementation.info"
          ? signed(JSON.stringify(MESSAGING))
          : { body: JSON.stringify(answers.shift()) },
      );
      try {
        sim.configureBaseUri(receiver.url);
        await sim.pushImplementationInfo();
        const thread = await importMessage("conv-a", "m-a");
        const first = await sim.agentReplies(thread.id, "hi");
        expect(first).to.include({ answerForm: "id+body", attempts: 1 });
        const second = await sim.agentReplies(thread.id, "again");
        expect(second).to.include({ answerForm: "id", attempts: 1 });
        expect(second.content.foreign_id).to.equal("a-2");
        // {id: 3} and {body} are failed attempts; the third attempt's {id: "a-5"} succeeds
        const third = await sim.agentReplies(thread.id, "third");
        expect(third).to.include({ attempts: 3, answerForm: "id" });
        const forms = sim.pushLog.filter((e) => e.action === "messages.create").map((e) => e.answerForm);
        expect(forms).to.deep.equal(["id+body", "id", null, null, "id"]);
        sim.settings.requireAnswerBody = true;
        answers.push({ id: "a-6" }, { id: "a-7" }, { id: "a-8" });
        const strict = await sim.agentReplies(thread.id, "strict");
        expect(strict.content.synchronization_status).to.equal("failed");
        expect(strict.answerForm).to.equal(null);
      } finally {
        await receiver.close();
      }
    });

    it("sends queue updates with thread_id and in_reply_to_id together or either alone", async () => {
      const receiver = await startReceiver(() => ({}));
      try {
        sim.configureBaseUri(receiver.url);
        sim.declareImplementation(MESSAGING);
        const base = { position: 2, estimated_wait_time: 60 };
        await sim.pushQueuingUpdate(base, { threadId: "t-1", inReplyToId: "m-1" });
        await sim.pushQueuingUpdate(base, { threadId: "t-1" });
        await sim.pushQueuingUpdate({ ...base, in_reply_to_id: "m-1" });
        const params = receiver.received.map((r) => JSON.parse(r.body).params);
        expect(params).to.deep.equal([
          { ...base, thread_id: "t-1", in_reply_to_id: "m-1" },
          { ...base, thread_id: "t-1" },
          { ...base, in_reply_to_id: "m-1" },
        ]);
        expect(() => sim.pushQueuingUpdate(base)).to.throw(/thread_id, in_reply_to_id or both/);
      } finally {
        await receiver.close();
      }
    });

    it("webhook resource ids as strings or integers; user_id only on agent-triggered events", async () => {
      const receiver = await startReceiver(() => ({}));
      try {
        sim.configureWebhook(receiver.url, { events: ["content.imported", "content.replied"] });
        const thread = await importMessage("conv-w2", "m-w2");
        await sim.settle();
        sim.settings.webhookResourceIdType = "integer";
        await sim.agentReplies(thread.id, "hello", { push: false });
        await sim.settle();
        const events = sim.webhookDeliveries.flatMap((d) => d.payload.events);
        const imported = events.find((e) => e.type === "content.imported");
        const replied = events.find((e) => e.type === "content.replied");
        expect(imported?.resource.id).to.be.a("string");
        expect(imported).to.not.have.property("user_id");
        expect(replied?.resource.id).to.be.a("number");
        expect(replied?.resource.id).to.equal(sim.webhookResourceId(String(replied?.resource.metadata.id)));
        expect(replied?.user_id).to.equal(sim.defaults.secondAgentUserId);
      } finally {
        await receiver.close();
      }
    });

    it("custom fields and internal notes: unknown intervention fields refused by name, comments need body, intervention and user", async () => {
      sim.defineCustomField("order_number");
      sim.defineCustomField("plan", "IdentityGroup");
      const fields = (await api("/custom_fields")).json as { count: number; records: { key: string }[] };
      expect(fields.records.map((f) => f.key)).to.deep.equal(["order_number", "plan"]);
      const thread = sim.store.createThread({ source_id: sim.defaults.sourceId, foreign_id: "notes" });
      sim.store.createContent({ thread_id: thread.id, body: "hi" });
      const { intervention } = sim.agentEngages(thread.id, sim.defaults.agentUserId);
      const put = (query: string) => api(`/interventions/${intervention.id}?${query}`, { method: "PUT" });
      const refused = await put("custom_field_values[order_number]=1&custom_field_values[plan]=gold");
      expect(refused.status).to.equal(422);
      expect(JSON.stringify(refused.json)).to.contain("plan").and.not.to.contain("order_number,");
      expect((await put("custom_field_values[order_number]=1")).status).to.equal(200);
      expect(sim.store.interventions.get(intervention.id)?.custom_fields).to.deep.equal({
        order_number: "1",
      });
      const post = (query: string) => api(`/intervention_comments?${query}`, { method: "POST" });
      expect(
        (await post(`intervention_id=${intervention.id}&user_id=${sim.defaults.agentUserId}`)).status,
      ).to.equal(422);
      expect((await post(`body=x&intervention_id=nope&user_id=${sim.defaults.agentUserId}`)).status).to.equal(
        404,
      );
      const ok = await post(
        `body=Summary&intervention_id=${intervention.id}&user_id=${sim.defaults.agentUserId}`,
      );
      expect(ok.status).to.equal(200);
      expect(sim.interventionNotes(intervention.id)).to.deep.equal([
        { body: "Summary", user_id: sim.defaults.agentUserId },
      ]);
      // A note is the agents' alone: never a content of the thread.
      expect(sim.threadContents(thread.id).map((c) => c.body)).to.deep.equal(["hi"]);
    });

    it("GET /status renders any channel status and busyness string", async () => {
      sim.setAgentStatus(sim.defaults.secondAgentUserId, { status: "busy", busyness: "overloaded" });
      sim.setAgentStatus(sim.defaults.agentUserId, { status: "offline" });
      const res = await api("/status");
      const statuses = (res.json as { channels: { status: string; busyness: string }[] }[]).flatMap((a) =>
        a.channels.map((c) => `${c.status}/${c.busyness}`),
      );
      expect(statuses.sort()).to.deep.equal(["busy/overloaded", "offline/unoccupied"]);
    });

    it("GET /webhooks shows all webhooks only with manage_api_access_tokens, else those of tokens the caller created", async () => {
      const other = sim.store.createAccessToken(sim.defaults.secondAgentUserId, "second-agent-token-123");
      expect((await api("/webhooks")).json).to.have.property("count", 1);
      expect((await api("/webhooks", { token: other.token })).json).to.have.property("count", 0);
      expect((await api(`/webhooks/${sim.defaults.webhookId}`, { token: other.token })).status).to.equal(404);
      sim.setManageApiAccessTokens(sim.defaults.agentUserId, false);
      // still visible: the seeded webhook's token was created by (and belongs to) the seeded agent
      expect((await api("/webhooks")).json).to.have.property("count", 1);
      sim.store.createWebhook({ url: "http://127.0.0.1:9/x" }, null, other.id);
      expect((await api("/webhooks")).json).to.have.property("count", 1);
      sim.setManageApiAccessTokens(sim.defaults.agentUserId, true);
      const all = (await api("/webhooks")).json as Envelope<Record<string, unknown>>;
      expect(all.count).to.equal(2);
      expect(all.records.find((w) => w.url === "http://127.0.0.1:9/x")).to.not.have.property("name");
    });

    it("seeds a webhook without name on request and checks secrets: ASCII, fewer than 256 characters, no minimum", async () => {
      const unnamed = await startRceSimulator({ webhookName: null });
      try {
        const res = await fetch(`${unnamed.baseApiUrl}/webhooks`, {
          headers: { authorization: `Bearer ${unnamed.defaults.apiAccessToken}` },
        });
        const body = (await res.json()) as Envelope<Record<string, unknown>>;
        expect(body.records[0]).to.not.have.property("name");
      } finally {
        await unnamed.close();
      }
      expect(() => sim.configureWebhook("http://127.0.0.1:9/h", { secret: "x" })).to.not.throw();
      expect(() => sim.configureWebhook("http://127.0.0.1:9/h", { secret: "a".repeat(255) })).to.not.throw();
      expect(() => sim.configureWebhook("http://127.0.0.1:9/h", { secret: "a".repeat(256) })).to.throw(/256/);
      expect(() => sim.configureWebhook("http://127.0.0.1:9/h", { secret: "sécret" })).to.throw(/ASCII/);
    });

    it("closing an already closed intervention answers 403", async () => {
      const thread = await importMessage("conv-c", "m-c");
      sim.agentEngages(thread.id, sim.defaults.agentUserId);
      await sim.agentReplies(thread.id, "done", { push: false, agentId: sim.defaults.agentUserId });
      const intervention = sim.store.openIntervention(thread.id);
      const first = await api(`/interventions/${intervention?.id}/close`, { method: "PUT" });
      expect(first.status).to.equal(200);
      const again = await api(`/interventions/${intervention?.id}/close`, { method: "PUT" });
      expect(again.status).to.equal(403);
      expect(again.json).to.have.all.keys("error", "message", "status");
    });

    it("GET /content_sources?permission= accepts read and initiate_discussion only", async () => {
      expect((await api("/content_sources?permission=read")).json).to.have.property("count", 1);
      expect((await api("/content_sources?permission=initiate_discussion")).json).to.have.property(
        "count",
        0,
      );
      const bad = await api("/content_sources?permission=reply");
      expect(bad.status).to.equal(400);
      expect(bad.json).to.include({ error: "invalid_parameter", status: 400 });
      expect(bad.json).to.have.all.keys("error", "message", "status");
    });

    it("reads and replaces a user's source permissions; 403 for a token whose agent cannot view users", async () => {
      const agent = sim.defaults.secondAgentUserId;
      const source = sim.defaults.sourceId;
      const read = await api(`/users/${agent}/sources_permissions`);
      expect(read.status).to.equal(200);
      expect(read.json).to.deep.equal({ [source]: ["read", "reply"] });
      const put = await api(`/users/${agent}/sources_permissions?${source}=read,initiate_discussion`, {
        method: "PUT",
      });
      expect(put.json).to.deep.equal({ [source]: ["read", "initiate_discussion"] });
      expect(sim.store.can(agent, source, "reply")).to.equal(false);
      // unknown permission names and unknown sources are refused (422 here; 400 when the contract's
      // strict parameter hook refuses the value first)
      const fly = await api(`/users/${agent}/sources_permissions?${source}=fly`, { method: "PUT" });
      expect(fly.status).to.be.oneOf([400, 422]);
      const nope = await api(`/users/${agent}/sources_permissions?nope=read`, { method: "PUT" });
      expect(nope.status).to.be.oneOf([400, 422]);
      expect(sim.store.permissionsOf(agent)).to.deep.equal({ [source]: ["read", "initiate_discussion"] });
      const other = sim.store.createAccessToken(agent, "second-agent-token-456");
      expect((await api(`/users/${agent}/sources_permissions`, { token: other.token })).status).to.equal(403);
      expect((await api("/users", { token: other.token })).status).to.equal(403);
      sim.setViewUsers(agent, true);
      expect((await api(`/users/${agent}/sources_permissions`, { token: other.token })).status).to.equal(200);
    });

    it("SDK users: updated_at required by default, gender man/woman, puppetizable boolean; users.create recorded", async () => {
      const { updated_at: _omit, ...noUpdatedAt } = customer("u-1");
      expect((await sim.sendApi("users.create", noUpdatedAt)).body).to.equal("Invalid resource format");
      const message = { id: "m-u", thread_id: "conv-u", body: "hi", author: noUpdatedAt };
      expect((await sim.sendApi("messages.create", message)).body).to.equal("Invalid resource format");
      expect((await sim.sendApi("users.create", { ...customer("u-1"), gender: "other" })).status).to.equal(
        422,
      );
      expect(
        (await sim.sendApi("users.create", { ...customer("u-1"), puppetizable: "yes" })).status,
      ).to.equal(422);
      const bot = { ...customer("bot-1"), screenname: "Bot", puppetizable: true, gender: "woman" };
      expect((await sim.sendApi("users.create", bot)).status).to.equal(200);
      sim.settings.userUpdatedAtRequired = false;
      expect((await sim.sendApi("users.create", noUpdatedAt)).status).to.equal(200);
      await sim.waitForImports();
      expect(sim.sdkUsers.map((u) => [u.foreignId, u.puppetizable])).to.deep.equal([
        ["bot-1", true],
        ["u-1", false],
      ]);
      const identity = sim.identityByForeignId("bot-1");
      expect(sim.sdkUsers[0]?.identityId).to.equal(identity?.id);
      const listed = await api("/identities?foreign_id=bot-1");
      expect(
        (listed.json as Envelope<{ foreign_id: string }>).records.map((i) => i.foreign_id),
      ).to.deep.equal(["bot-1"]);
    });

    it("messages: format html/text, body up to 20,000 characters, attachments by url or content+filename, thread_id, author", async () => {
      const base = { id: "m-f", thread_id: "conv-f", body: "hi", author: customer() };
      const status = async (params: Record<string, unknown>) =>
        (await sim.sendApi("messages.create", params)).status;
      expect(await status({ ...base, format: "markdown" })).to.equal(422);
      expect(await status({ ...base, format: "text" })).to.equal(200);
      expect(await status({ ...base, body: "x".repeat(20_001) })).to.equal(422);
      expect(await status({ ...base, id: "m-f2", body: "x".repeat(20_000) })).to.equal(200);
      expect(await status({ ...base, body: undefined, attachments: [{ filename: "a.png" }] })).to.equal(422);
      expect(await status({ ...base, body: undefined, attachments: [{ content: "aGk=" }] })).to.equal(422);
      expect(
        await status({
          ...base,
          id: "m-f3",
          body: undefined,
          attachments: [{ content: "aGk=", filename: "a.txt" }],
        }),
      ).to.equal(200);
      expect(await status({ ...base, thread_id: undefined })).to.equal(422);
      expect(await status({ ...base, author: undefined })).to.equal(422);
      expect(await status({ ...base, context_data: { "bad key": "x" } })).to.equal(422);
      sim.declareImplementation(answer({ messages: ["create"] }, ["messages.unthreaded"]));
      expect(await status({ ...base, id: "m-f4", thread_id: undefined })).to.equal(200);
    });

    it("seeds controlled identities assigned to agents, and controlIdentity does setup step 7 later", async () => {
      const seeded = await startRceSimulator({ controlledIdentities: [{ foreignId: "cognigy-agent" }] });
      try {
        const identity = seeded.identityByForeignId("cognigy-agent");
        expect(identity?.user_ids).to.deep.equal([seeded.defaults.secondAgentUserId]);
        expect(seeded.store.identityMeta.get(identity?.id ?? "")).to.include({
          controlled: true,
          puppetizable: true,
        });
      } finally {
        await seeded.close();
      }
      expect(() => sim.controlIdentity("bot-x")).to.throw(/not imported/);
      await sim.sendApi("users.create", { ...customer("bot-x"), puppetizable: true });
      await sim.waitForImports();
      const controlled = sim.controlIdentity("bot-x", [sim.defaults.agentUserId]);
      expect(controlled.user_ids).to.deep.equal([sim.defaults.agentUserId]);
      const users = await api(`/users?identity_id=${controlled.id}`);
      expect((users.json as Envelope<{ id: string }>).records.map((u) => u.id)).to.deep.equal([
        sim.defaults.agentUserId,
      ]);
    });

    it("sparseAnswers keeps only the fields the spec's schemas require", async () => {
      const thread = await importMessage("conv-s", "m-s");
      sim.settings.sparseAnswers = true;
      const threads = (await api("/content_threads")).json as Envelope<Record<string, unknown>>;
      expect(threads).to.include({ count: 1, offset: 0 });
      expect(threads.records).to.deep.equal([{ id: thread.id }]);
      const source = await api(`/content_sources/${sim.defaults.sourceId}`);
      expect(source.json).to.deep.equal({}); // the Source schema requires nothing
      sim.setAgentStatus(sim.defaults.secondAgentUserId);
      expect((await api("/status")).json).to.deep.equal([{}]);
      sim.settings.sparseSchemas = ["Thread"];
      expect((await api(`/content_sources/${sim.defaults.sourceId}`)).json).to.have.property("name");
      expect((await api(`/content_threads/${thread.id}`)).json).to.deep.equal({ id: thread.id });
    });
  });
});
