import { expect } from "chai";
import { addressOf, threadIdFor } from "../../src/conversation/threadId";
import type { Gateway } from "../../src/gateway/server";
import { expectNoViolations, runNode } from "../harness";
import { builtExtension, builtNode, secretValues, type World } from "../support/e2e";
import type { FakeCognigy } from "../support/fakeCognigy";
import { type GatewayWorld, startGatewayWorld } from "../support/gatewayWorld";

const SESSION = { userId: "user-g", sessionId: "session-g", URLToken: "token-g" };
const THREAD = threadIdFor(SESSION);
const VERIFY_TOKEN = "verify-token-for-tests";

describe("Gateway: what RCE pushes reaches the user and the flow", function () {
  this.timeout(20_000);
  let world: World;
  let cognigy: FakeCognigy;
  let gateway: Gateway;
  let logs: string[];

  let setup: GatewayWorld;

  beforeEach(async () => {
    logs = [];
    setup = await startGatewayWorld({
      verifyToken: VERIFY_TOKEN,
      log: (level, event, fields) => logs.push(JSON.stringify({ level, event, ...fields })),
      delivery: { attempts: 2, timeoutMs: 1000, backoffMs: 20 },
    });
    ({ world, cognigy, gateway } = setup);
  });
  afterEach(async () => setup.close());

  /** A handover through the real nodes, so RCE has the thread with our routable thread id. */
  async function handover(): Promise<string> {
    const result = await runNode(builtNode("rceHandover"), {
      config: { connection: world.connection },
      input: { ...SESSION, inputId: "in-1", text: "agent please" },
      nodes: builtExtension().nodes,
    });
    expectNoViolations(result);
    return (result.input.rceHandover as { rceThreadId: string }).rceThreadId;
  }

  it("answers implementation.info, signed, declaring what the handover needs", async () => {
    const answer = await world.sim.pushImplementationInfo();
    expect(answer.status).to.equal(200);
    expect(answer.signatureValid).to.equal(true);
    expect(answer.json).to.deep.equal({
      objects: { messages: ["create", "show", "list"] },
      options: ["view.messaging", "messages.text", "messaging.queuing_update"],
    });
    const list = await world.sim.pushSdk("messages.list", {});
    expect(list.json).to.deep.equal([]);
    const show = await world.sim.pushSdk("messages.show", { id: "x" });
    expect(show.json).to.deep.equal({});
  });

  it("delivers an agent reply to the user as text and its file as a file output, once, and answers the created message (id and body)", async () => {
    await handover();
    const reply = {
      thread_id: THREAD,
      body: "<p>Hello <b>Ada</b>, I&#39;m Grace.<br>How can I help?</p>",
      format: "html" as const,
      content_id: "content-1",
      sender_name: "Grace",
      author_id: "agent-identity-1",
      attachments: [
        { url: "https://files.example.com/guide.pdf", filename: "guide.pdf", type: "application/pdf" },
      ],
    };
    const first = await world.sim.pushAgentReply({ ...reply, retry: false });
    expect(first.status).to.equal(200);
    expect(first.signatureValid).to.equal(true);
    const created = first.json as { id: string; body: string };
    expect(created.body).to.equal(reply.body);
    expect(created.id.startsWith(`${THREAD}.agent-`)).to.equal(true);
    expect(addressOf(created.id)).to.deep.equal(SESSION);

    const notify = cognigy.delivered("notify");
    expect(notify).to.have.length(2);
    expect(notify[0].URLToken).to.equal(SESSION.URLToken);
    expect(notify[0].body).to.include({ userId: SESSION.userId, sessionId: SESSION.sessionId });
    expect(notify[0].body.text).to.equal("Hello Ada, I'm Grace.\nHow can I help?");
    expect(notify[0].body.data).to.nested.include({
      "handover.type": "agentReply",
      "handover.agent.name": "Grace",
    });
    // The file: a link button, with its name and URL as the text of Endpoints that show no buttons.
    expect(notify[1].body.text).to.equal("");
    expect(notify[1].body.data).to.nested.include({
      "handover.type": "agentReply",
      "_cognigy._default._buttons.fallbackText": "guide.pdf: https://files.example.com/guide.pdf",
      "_cognigy._default._buttons.buttons[0].url": "https://files.example.com/guide.pdf",
    });

    // RCE retries the same content: no second message for the user, the same id for RCE.
    const again = await world.sim.pushAgentReply({ ...reply, retry: true });
    expect((again.json as { id: string }).id).to.equal(created.id);
    expect(cognigy.delivered("notify")).to.have.length(2);
    expect(gateway.stats.duplicates).to.equal(1);
  });

  it("an agent's reply typed in RCE travels all the way to the user", async () => {
    const rceThreadId = await handover();
    await world.sim.waitForImports();
    await world.sim.agentReplies(rceThreadId, "Hi Ada, Grace here.");
    await world.sim.settle();
    expect(cognigy.delivered("notify").map((c) => c.body.text)).to.deep.equal(["Hi Ada, Grace here."]);
  });

  it("refuses unsigned, badly signed and tampered requests, and accepts ?signature=", async () => {
    const unsigned = await fetch(gateway.url, { method: "POST", body: '{"action":"implementation.info"}' });
    expect(unsigned.status).to.equal(401);
    const wrong = await world.sim.pushSdk("implementation.info", {}, { signWith: "not-the-right-token-123" });
    expect(wrong.status).to.equal(403);
    const none = await world.sim.pushSdk("implementation.info", {}, { signatureIn: "none" });
    expect(none.status).to.equal(401);
    const body = JSON.stringify({ action: "implementation.info", params: {} });
    const viaQuery = await fetch(`${gateway.url}?signature=${world.sim.sign(body)}`, {
      method: "POST",
      body,
    });
    expect(viaQuery.status).to.equal(200);
    const changed = await fetch(`${gateway.url}?signature=${world.sim.sign(body)}`, {
      method: "POST",
      body: body.replace("info", "infO"),
    });
    expect(changed.status).to.equal(403);
  });

  it("routes only threads it created", async () => {
    const answer = await world.sim.pushAgentReply({
      thread_id: "someone-elses-thread",
      body: "hi",
      content_id: "c-x",
    });
    expect(answer.json).to.deep.equal({
      error: {
        fatal: true,
        message: "This thread was not created by the Cognigy handover (unknown thread id).",
      },
    });
    expect(cognigy.calls).to.have.length(0);
  });

  it("injects queue updates into the flow with the wait in milliseconds", async () => {
    await handover();
    const answer = await world.sim.pushQueuingUpdate({
      thread_id: THREAD,
      position: 4,
      estimated_wait_time: 90,
    });
    expect(answer.status).to.equal(200);
    expect(answer.signatureValid).to.equal(true);
    const inject = cognigy.delivered("inject");
    expect(inject).to.have.length(1);
    expect(inject[0].body.data).to.nested.include({
      "handover.type": "queueUpdate",
      "handover.position": 4,
      "handover.estimatedWaitTime": 90_000,
    });
  });

  it("answers the webhook verification only with the right token and secret", async () => {
    const ok = await world.sim.verifyWebhook();
    expect(ok.ok).to.equal(true);
    const wrongToken = await fetch(
      `${gateway.url}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=cognigy123`,
      {
        headers: { "x-dimelo-secret": world.connection.webhookSecret },
      },
    );
    expect(wrongToken.status).to.equal(403);
    const wrongSecret = await fetch(
      `${gateway.url}?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=${VERIFY_TOKEN}`,
      {
        headers: { "x-dimelo-secret": "wrong-secret-value" },
      },
    );
    expect(wrongSecret.status).to.equal(403);
  });

  it("turns intervention.closed into a conversationClosed event, handles every event of a batch, and drops replays", async () => {
    const rceThreadId = await handover();
    await world.sim.waitForImports();
    const events = [
      {
        type: "intervention.opened",
        id: "ev-1",
        user_id: "agent-1",
        resource: {
          type: "intervention",
          id: "int-1",
          metadata: { thread_id: rceThreadId, source_id: world.sim.defaults.sourceId },
        },
      },
      {
        type: "content.imported",
        id: "ev-2",
        resource: { type: "chat/message", id: "c-9", metadata: { thread_id: rceThreadId } },
      },
      {
        type: "intervention.closed",
        id: "ev-3",
        user_id: "agent-1",
        resource: {
          type: "intervention",
          id: "int-1",
          metadata: {
            thread_id: rceThreadId,
            source_id: world.sim.defaults.sourceId,
            closed_at: "2026-11-25T10:00:00Z",
          },
        },
      },
    ];
    const delivery = await world.sim.deliverWebhook(events, { payloadId: "payload-1" });
    expect(delivery.status).to.equal(200);
    expect(JSON.parse(delivery.body)).to.deep.equal({ delivered: 2, ignored: 1 });
    const types = cognigy
      .delivered("inject")
      .map((c) => (c.body.data?.handover as { type?: string } | undefined)?.type);
    expect(types).to.deep.equal(["agentJoined", "conversationClosed"]);
    const closed = cognigy.delivered("inject")[1];
    expect(closed.body).to.include({ userId: SESSION.userId, sessionId: SESSION.sessionId });
    expect(closed.body.data).to.nested.include({
      "handover.interventionId": "int-1",
      "handover.at": "2026-11-25T10:00:00Z",
    });

    const replay = await world.sim.deliverWebhook(events, { payloadId: "payload-1" });
    expect(JSON.parse(replay.body)).to.deep.equal({ delivered: 0, ignored: 3 });
    expect(cognigy.delivered("inject")).to.have.length(2);
    expect(
      world.sim.countRequests("GET", /content_threads\//),
      "thread looked up once, then remembered",
    ).to.equal(1);
  });

  it("an agent closing in RCE reaches the flow", async () => {
    const rceThreadId = await handover();
    await world.sim.waitForImports();
    const { intervention } = world.sim.agentEngages(rceThreadId);
    await world.sim.agentReplies(rceThreadId, "Bye!");
    await world.sim.agentCloses(intervention.id);
    await world.sim.settle();
    const types = cognigy
      .delivered("inject")
      .map((c) => (c.body.data?.handover as { type?: string } | undefined)?.type);
    expect(types).to.include("conversationClosed");
  });

  it("ignores events of other sources and refuses a wrong or missing secret", async () => {
    const other = await world.sim.deliverWebhook([
      {
        type: "intervention.closed",
        id: "ev-o",
        resource: {
          type: "intervention",
          id: "i",
          metadata: { thread_id: "t", source_id: "another-source" },
        },
      },
    ]);
    expect(JSON.parse(other.body)).to.deep.equal({ delivered: 0, ignored: 1 });
    const wrong = await world.sim.deliverWebhook(
      [{ type: "intervention.closed", id: "ev-w", resource: { type: "intervention", id: "i" } }],
      { secretOverride: "not-the-secret" },
    );
    expect(wrong.status).to.equal(403);
    const missing = await fetch(gateway.url, {
      method: "POST",
      body: '{"id":"p","events":[]}',
      headers: { "content-type": "application/json" },
    });
    expect(missing.status).to.equal(401);
  });

  it("refuses malformed and oversized bodies and keeps serving", async () => {
    const secret = { "x-dimelo-secret": world.connection.webhookSecret };
    expect(
      (await fetch(gateway.url, { method: "POST", headers: secret, body: "{not json" })).status,
    ).to.equal(400);
    expect(
      (await fetch(gateway.url, { method: "POST", headers: secret, body: '{"events":[{"type":1}]}' })).status,
    ).to.equal(400);
    const big = "x".repeat(3 * 1024 * 1024);
    const tooLarge = await fetch(gateway.url, { method: "POST", headers: secret, body: big }).catch(() => ({
      status: 413,
    }));
    expect(tooLarge.status).to.equal(413);
    const bad = JSON.stringify({
      action: "messages.create",
      params: { body: 42 },
      time: new Date().toISOString(),
    });
    expect(
      (await fetch(`${gateway.url}?signature=${world.sim.sign(bad)}`, { method: "POST", body: bad })).status,
    ).to.equal(400);
    const health = await fetch(gateway.url.replace("/handover/rce", "/health"));
    expect(health.status).to.equal(200);
    expect(((await health.json()) as { status: string }).status).to.equal("ok");
  });

  it("never loses an agent reply while Cognigy is down: RCE is told to retry, then it is delivered once", async () => {
    await handover();
    cognigy.failNext(3, 503);
    const reply = {
      thread_id: THREAD,
      body: "Are you still there?",
      format: "text" as const,
      content_id: "content-down",
    };
    const first = await world.sim.pushAgentReply({ ...reply, retry: false });
    expect(first.json).to.nested.include({ "error.fatal": false });
    expect(cognigy.delivered("notify")).to.have.length(0);
    const second = await world.sim.pushAgentReply({ ...reply, retry: true });
    expect(second.json).to.have.property("id");
    expect(cognigy.delivered("notify")).to.have.length(1);
    const third = await world.sim.pushAgentReply({ ...reply, retry: true });
    expect((third.json as { id: string }).id).to.equal((second.json as { id: string }).id);
    expect(cognigy.delivered("notify")).to.have.length(1);
  });

  it("a webhook batch that could not reach Cognigy is answered 503 and delivered on redelivery", async () => {
    const rceThreadId = await handover();
    await world.sim.waitForImports();
    cognigy.failNext(2, 503);
    const events = [
      {
        type: "intervention.closed",
        id: "ev-down",
        resource: { type: "intervention", id: "int-d", metadata: { thread_id: rceThreadId } },
      },
    ];
    const first = await world.sim.deliverWebhook(events, { payloadId: "p-down" });
    expect(first.status).to.equal(503);
    const second = await world.sim.deliverWebhook(events, { payloadId: "p-down" });
    expect(second.status).to.equal(200);
    expect(cognigy.delivered("inject")).to.have.length(1);
  });

  it("logs nothing secret", async () => {
    await handover();
    await world.sim.pushAgentReply({ thread_id: THREAD, body: "hello", content_id: "c-log" });
    await world.sim.pushSdk("implementation.info", {}, { signWith: "wrong-token-value-1" });
    await world.sim.deliverWebhook([{ type: "x", id: "e", resource: { type: "r", id: "1" } }], {
      secretOverride: "nope-nope-nope",
    });
    const text = logs.join("\n");
    expect(logs.length).to.be.greaterThan(0);
    for (const secret of [...secretValues(world.connection), VERIFY_TOKEN])
      expect(text).to.not.contain(secret);
  });

  it("shuts down gracefully: a reply in flight is still delivered and answered, then nothing is accepted", async () => {
    await handover();
    cognigy.setDelay(300);
    const inFlight = world.sim.pushAgentReply({
      thread_id: THREAD,
      body: "Still here",
      content_id: "c-shutdown",
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = gateway.close(5000);
    const answer = await inFlight;
    await closed;
    expect(answer.status).to.equal(200);
    expect(answer.json).to.have.property("id");
    expect(cognigy.delivered("notify")).to.have.length(1);
    const after = await fetch(gateway.url.replace("/handover/rce", "/health")).catch((error: Error) => error);
    expect(after).to.be.instanceOf(Error);
  });

  it("decodes thread ids back to the conversation", () => {
    expect(addressOf(THREAD)).to.deep.equal(SESSION);
    expect(addressOf("cgy1.x")).to.equal(undefined);
    expect(addressOf(`${THREAD}.user-abc`)).to.deep.equal(SESSION);
    expect(addressOf(`${THREAD}.bad~id`)).to.equal(undefined);
    expect(addressOf(`${THREAD}.a.b`)).to.equal(undefined);
    expect(addressOf(42)).to.equal(undefined);
  });
});
