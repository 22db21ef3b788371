import { expect } from "chai";
import { allText, type HarnessResult } from "../harness";
import { Conversation } from "../support/conversation";
import { secretValues, startWorld, type World } from "../support/e2e";

const profile = { firstname: "Ada", lastname: "Lovelace", email: "ada@example.com", plan: "gold" };
const SESSION = { userId: "user-7", sessionId: "session-7", URLToken: "url-token-7" };

type Stored = Record<string, unknown>;

describe("Handover to RCE, Send Message to RCE, End Handover against the simulator (built bundle)", function () {
  this.timeout(20_000);
  let world: World;
  let conversation: Conversation;

  beforeEach(async () => {
    world = await startWorld();
    conversation = new Conversation(world, SESSION, profile);
  });
  afterEach(async () => world.close());

  const step = (
    type: string,
    config: Record<string, unknown> = {},
    input: Record<string, unknown> = {},
  ): Promise<HarnessResult> => conversation.step(type, config, input);

  const thread = () => {
    const found = [...world.sim.store.threads.values()];
    expect(found, "one RCE thread").to.have.length(1);
    return found[0];
  };
  const bot = () => world.sim.defaults.botCategoryId;
  const agent = () => world.sim.defaults.agentCategoryId;

  async function mirrorTwoTurns(): Promise<void> {
    await step("rceSendMessage", {}, { text: "Hi, my order is late" });
    await step("rceSendMessage", { from: "bot", text: "Sorry to hear that! Let me check." });
    await world.sim.waitForImports();
  }

  it("mirror → handover → re-run → end → second handover, with no duplicates", async () => {
    await mirrorTwoTurns();
    expect(thread().thread_category_ids).to.deep.equal([bot()]);
    expect(world.sim.threadContents(thread().id)).to.have.length(2);

    world.sim.resetRequests();
    const handover = await step(
      "rceHandover",
      {
        waitingMessage: "An agent will be with you shortly.",
        additionalCategoryIds: [world.sim.defaults.parentCategoryId],
      },
      { text: "I want a human" },
    );
    expect(handover.nextNode?.type).to.equal("rceHandoverOnQueued");
    expect(handover.outputs.map((o) => o.text)).to.deep.equal(["An agent will be with you shortly."]);
    expect(world.sim.countRequests(), "requests on the common path").to.be.at.most(3);
    const stored = handover.input.rceHandover as Stored;
    expect(stored).to.include({
      status: "queued",
      messagePosted: true,
      categoriesChanged: true,
      handoverCount: 1,
    });
    expect(handover.input.handover).to.include({
      status: "queue",
      provider: "rce",
      rceThreadId: thread().id,
    });
    expect(thread().thread_category_ids).to.have.members([agent(), world.sim.defaults.parentCategoryId]);
    await world.sim.waitForImports();
    const contents = world.sim.threadContents(thread().id);
    expect(contents.map((c) => c.body)).to.deep.equal([
      "Hi, my order is late",
      "Sorry to hear that! Let me check.",
      "I want a human",
    ]);

    // The same input again (a retried execution): nothing new in RCE.
    world.sim.resetRequests();
    const again = await step(
      "rceHandover",
      { additionalCategoryIds: [world.sim.defaults.parentCategoryId] },
      { text: "I want a human", inputId: "input-3" },
    );
    expect(again.input.rceHandover).to.include({
      status: "queued",
      messagePosted: false,
      categoriesChanged: false,
    });
    expect(world.sim.countRequests("POST")).to.equal(0);
    expect(world.sim.countRequests("PUT")).to.equal(0);
    await world.sim.waitForImports();
    expect(world.sim.threadContents(thread().id)).to.have.length(3);

    // The user keeps talking to the agent.
    await step("rceSendMessage", {}, { text: "Order 1234" });
    await world.sim.waitForImports();
    expect(world.sim.threadContents(thread().id).map((c) => c.body)).to.include("Order 1234");

    const end = await step("rceEndHandover");
    expect(end.nextNode?.type).to.equal("rceEndHandoverOnDone");
    expect(end.input.handover).to.include({ status: "completed" });
    expect(thread().thread_category_ids).to.deep.equal([bot()]);
    expect(conversation.context.rceHandoverState).to.include({ status: "ended" });

    world.sim.resetRequests();
    const second = await step("rceHandover", {}, { text: "Agent again please" });
    expect(second.input.rceHandover).to.include({ status: "queued", handoverCount: 2 });
    expect(world.sim.countRequests("GET", /content_threads$/), "the remembered thread id is reused").to.equal(
      0,
    );
    expect(thread().thread_category_ids).to.deep.equal([agent()]);
  });

  it("waits for RCE's import when the conversation was not mirrored", async () => {
    world.sim.setImportDelay(400);
    const result = await step("rceHandover");
    expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    const stored = result.input.rceHandover as Stored;
    expect(stored.importWaitMs as number).to.be.at.least(300);
    expect(thread().thread_category_ids).to.deep.equal([agent()]);
    await world.sim.waitForImports();
    const identity = [...world.sim.store.identities.values()].find((i) => i.foreign_id === "user-7");
    expect(identity).to.include({ screenname: "Ada Lovelace", email: "ada@example.com" });
  });

  it("finds the thread when RCE honours only the foreign_id: search keyword", async () => {
    await mirrorTwoTurns();
    await conversation.step("rceSendMessage", {}, { sessionId: "another-session", userId: "someone-else" });
    await world.sim.waitForImports();
    world.sim.settings.foreignSearchKeywords = ["foreign_id"];
    world.sim.resetRequests();
    const result = await step("rceHandover");
    expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    // `foreign:` was ignored, so the source's threads came back; ours is picked out by its foreign_id.
    expect(world.sim.countRequests("GET", /content_threads$/)).to.equal(1);
    expect(conversation.context.rceHandoverState).to.include({ status: "queued" });
  });

  it("gives up on a slow import with a message that says what to check", async () => {
    world.sim.setImportDelay(3000);
    const result = await step("rceHandover", { maxImportWaitMs: 600 });
    expect(result.nextNode?.type).to.equal("rceHandoverOnError");
    const error = (result.input.rceHandover as { error: { kind: string; message: string } }).error;
    expect(error.kind).to.equal("timeout");
    expect(error.message).to.contain("has not imported the conversation yet");
    expect(result.input.handover).to.include({ status: "error" });
  });

  it("posts a transcript first, as one bot message", async () => {
    const transcript = [
      { source: "user", text: "Where is my parcel?", timestamp: "2026-11-25T09:00:00Z" },
      { source: "bot", text: "Let me look.", timestamp: "2026-11-25T09:00:05Z" },
    ];
    await step("rceHandover", { transcript: JSON.stringify(transcript) });
    await world.sim.waitForImports();
    const bodies = world.sim.threadContents(thread().id).map((c) => c.body);
    expect(bodies[0]).to.equal(
      "Conversation with the bot before the handover:\n[09:00] Customer: Where is my parcel?\n[09:00] Bot: Let me look.",
    );
    expect(bodies).to.have.length(2);
  });

  it("takes 'No agent available' and changes nothing when no agent can reply", async () => {
    await mirrorTwoTurns();
    world.sim.resetRequests();
    const none = await step("rceHandover", { checkAvailability: true });
    expect(none.nextNode?.type).to.equal("rceHandoverOnNoAgent");
    expect(none.input.handover).to.include({ status: "unavailable" });
    expect(world.sim.countRequests("POST")).to.equal(0);
    expect(thread().thread_category_ids).to.deep.equal([bot()]);

    world.sim.setAgentStatus(world.sim.defaults.secondAgentUserId, { status: "available", busyness: "ok" });
    const some = await step("rceHandover", { checkAvailability: true });
    expect(some.nextNode?.type).to.equal("rceHandoverOnQueued");
    expect(
      (some.input.rceHandover as { availability: { availableAgents: number } }).availability.availableAgents,
    ).to.equal(1);
  });

  it("treats a full agent as unavailable", async () => {
    world.sim.setAgentStatus(world.sim.defaults.secondAgentUserId, { status: "available", busyness: "full" });
    const result = await step("rceHandover", { checkAvailability: true });
    expect(result.nextNode?.type).to.equal("rceHandoverOnNoAgent");
  });

  it("relays attachments and posts bot messages as a puppetizable author", async () => {
    await step(
      "rceSendMessage",
      {},
      { text: "see photo", attachments: [{ url: "https://example.com/p.jpg", type: "image" }] },
    );
    await step("rceSendMessage", { from: "bot", text: "Thanks!", botName: "Cogbot" });
    await world.sim.waitForImports();
    const [userMessage, botMessage] = world.sim.threadContents(thread().id);
    expect(userMessage.attachments?.[0]).to.include({ url: "https://example.com/p.jpg" });
    const botIdentity = world.sim.store.identities.get(botMessage.author_id ?? "");
    expect(botIdentity).to.include({ screenname: "Cogbot", foreign_id: "cognigy-bot" });
  });

  it("closes the open intervention on request, and explains when RCE refuses", async () => {
    await step("rceHandover");
    await world.sim.waitForImports();
    const { intervention } = world.sim.agentEngages(thread().id, world.sim.defaults.agentUserId);
    const refused = await step("rceEndHandover", { closeIntervention: true });
    expect(
      (refused.input.rceHandoverEnd as { intervention: { status: string; reason: string } }).intervention,
    ).to.include({ status: "not closed" });
    expect(refused.nextNode?.type).to.equal("rceEndHandoverOnDone");

    await step("rceHandover");
    await world.sim.agentReplies(thread().id, "Hello, I am Grace.");
    const closed = await step("rceEndHandover", { closeIntervention: true });
    expect(
      (closed.input.rceHandoverEnd as { intervention: { status: string; interventionIds: string[] } })
        .intervention,
    ).to.deep.equal({
      status: "closed",
      interventionIds: [intervention.id],
    });
  });

  it("reads RCE's 403 on a close as 'already closed' when the agent closed it meanwhile", async () => {
    await step("rceHandover");
    await world.sim.waitForImports();
    const { intervention } = world.sim.agentEngages(thread().id, world.sim.defaults.agentUserId);
    await world.sim.agentReplies(thread().id, "Hello, I am Grace.");
    world.sim.faults.delay("PUT", /\/close$/, 300);
    const ending = step("rceEndHandover", { closeIntervention: true });
    while (world.sim.countRequests("PUT", /\/close$/) === 0) await new Promise((r) => setTimeout(r, 10));
    await world.sim.agentCloses(intervention.id);
    const ended = await ending;
    expect(world.sim.findRequests("PUT", /\/close$/).map((r) => r.status)).to.deep.equal([403]);
    expect((ended.input.rceHandoverEnd as { intervention: unknown }).intervention).to.deep.equal({
      status: "closed",
      interventionIds: [intervention.id],
      alreadyClosed: true,
    });
  });

  it("finds the thread when RCE honours only the documented foreign: search keyword", async () => {
    await world.close();
    world = await startWorld({ foreignSearchKeywords: ["foreign"] });
    conversation = new Conversation(world, SESSION, profile);
    // Another conversation's thread, so an ignored keyword shows as the wrong thread coming back.
    await new Conversation(world, { ...SESSION, sessionId: "other" }, profile).step(
      "rceSendMessage",
      {},
      { text: "hi" },
    );
    await world.sim.waitForImports();
    const handover = await step("rceHandover", {}, { text: "a human please" });
    expect(handover.nextNode?.type).to.equal("rceHandoverOnQueued");
    const ours = [...world.sim.store.threads.values()].find((t) =>
      t.foreign_id?.endsWith(Buffer.from("session-7").toString("base64url")),
    );
    expect((handover.input.rceHandover as { rceThreadId: string }).rceThreadId).to.equal(ours?.id);
  });

  it("ends cleanly when RCE never saw the conversation", async () => {
    const result = await step("rceEndHandover");
    expect(result.nextNode?.type).to.equal("rceEndHandoverOnDone");
    expect(result.input.rceHandoverEnd).to.include({ status: "no_thread" });
  });

  describe("every RCE failure ends on the error branch with a fix", () => {
    const cases: {
      name: string;
      arrange: (w: World) => void;
      kind: string;
      says: string;
      config?: Record<string, unknown>;
    }[] = [
      {
        name: "401 on REST",
        arrange: (w) => w.sim.faults.failWith("GET", /content_threads/, 401),
        kind: "auth",
        says: "API Access Token",
      },
      {
        name: "403 on update_categories",
        arrange: (w) => w.sim.faults.failWith("PUT", /update_categories/, 403),
        kind: "permission",
        says: "permission",
      },
      {
        name: "404 on the source (Send API)",
        arrange: (w) => w.sim.faults.failWith("POST", /realtime/, 422, { body: "Source not found" }),
        kind: "not_found",
        says: "Realtime Endpoint URL",
      },
      {
        name: "422 on an unknown category",
        arrange: () => undefined,
        kind: "validation",
        says: "category id",
        config: { additionalCategoryIds: ["ffffffffffffffffffffffff"] },
      },
      {
        name: "409 that never clears",
        arrange: (w) => w.sim.faults.failWith("PUT", /update_categories/, 409),
        kind: "conflict",
        says: "still applying",
      },
      {
        name: "429 beyond the budget",
        arrange: (w) =>
          w.sim.faults.failWith("GET", /content_threads/, 429, { headers: { "retry-after": "120" } }),
        kind: "rate_limited",
        says: "wait 120 s",
      },
      {
        name: "5xx that persists",
        arrange: (w) => w.sim.faults.failWith("PUT", /update_categories/, 503),
        kind: "unavailable",
        says: "3 attempts",
      },
      {
        name: "malformed JSON",
        arrange: (w) => w.sim.faults.malformed("GET", /content_threads/, "truncated-json"),
        kind: "bad_response",
        says: "not JSON",
      },
      {
        name: "HTML instead of JSON",
        arrange: (w) => w.sim.faults.malformed("GET", /content_threads/, "html"),
        kind: "bad_response",
        says: "HTML page",
      },
      {
        name: "wrong shape",
        arrange: (w) => w.sim.faults.malformed("GET", /content_threads/, "wrong-shape"),
        kind: "bad_response",
        says: "documented shape",
      },
      {
        name: "timeout",
        arrange: (w) => w.sim.faults.delay("GET", /content_threads/, 10_000),
        kind: "timeout",
        says: "time budget",
        config: { timeBudgetMs: 2000 },
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        c.arrange(world);
        const started = Date.now();
        const result = await step("rceHandover", c.config ?? {});
        expect(result.nextNode?.type).to.equal("rceHandoverOnError");
        const error = (result.input.rceHandover as { error: { kind: string; message: string } }).error;
        expect(error.kind, error.message).to.equal(c.kind);
        expect(error.message).to.contain(c.says);
        expect(result.input.handover).to.include({ status: "error" });
        expect(Date.now() - started).to.be.below(16_000);
        const text = allText(result);
        for (const secret of secretValues(world.connection)) expect(text).to.not.contain(secret);
      });
    }

    it("a retried 429 with a short Retry-After still succeeds", async () => {
      world.sim.faults.failWith("PUT", /update_categories/, 429, {
        headers: { "retry-after": "1" },
        times: 1,
      });
      const result = await step("rceHandover");
      expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    });

    it("a connection reset on a read is retried", async () => {
      world.sim.faults.reset("GET", /content_threads/, { times: 1 });
      const result = await step("rceHandover");
      expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    });
  });

  it("stays inside Cognigy's limits with a large transcript", async () => {
    const transcript = Array.from({ length: 120 }, (_, i) => ({
      source: i % 2 ? "bot" : "user",
      text: `line ${i} ${"x".repeat(900)}`,
    }));
    const result = await step("rceHandover", { transcript, waitingMessage: "Please wait" });
    expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    expect(result.apiCallCount).to.be.at.most(6);
    // 120 lines of ~910 characters exceed five 20,000-character messages: the oldest lines are left out, and said so.
    const stored = result.input.rceHandover as Stored;
    expect(stored.transcriptMessages).to.equal(5);
    expect(stored.transcriptOmittedLines as number).to.be.within(1, 20);
    await world.sim.waitForImports();
    const first = world.sim.threadContents(thread().id)[0].body;
    expect(first).to.match(/^Conversation with the bot before the handover \(\d+ earlier lines left out\):/);
  });
});
