/**
 * What the agent sees of the bot's rich outputs (built bundle, simulator): mirrored, the bot's quick
 * replies arrive as an RCE select and its gallery as a carousel, both by the puppetizable Bot
 * identity, and the user's tap as RCE's structured_reply to that select; not mirrored, Handover to
 * RCE's transcript has them as readable text ("Offered: …", "Picked: …", cards with links).
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import { startWorld, type World } from "../support/e2e";

const SESSION = { userId: "user-m", sessionId: "session-m", URLToken: "token-m" };
const QUICK_REPLIES = {
  _cognigy: {
    _default: {
      _quickReplies: {
        type: "quick_replies",
        text: "What can I do for you?",
        quickReplies: [
          { id: 0, contentType: "postback", title: "Track order", payload: "TRACK" },
          { id: 1, contentType: "postback", title: "Talk to a person", payload: "AGENT" },
        ],
      },
    },
  },
};
const GALLERY = {
  _cognigy: {
    _default: {
      _gallery: {
        type: "carousel",
        items: [
          {
            title: "Blue shoes",
            subtitle: "Size 42",
            imageUrl: "https://img.example.com/blue.png",
            buttons: [{ type: "web_url", title: "See them", url: "https://shop.example.com/blue" }],
          },
        ],
      },
    },
  },
};

describe("The bot's rich outputs as the agent sees them (built bundle, simulator)", function () {
  this.timeout(30_000);
  let world: World;
  afterEach(async () => world?.close());

  it("mirrored: quick replies as a select, the tap as structured_reply, a gallery as a carousel", async () => {
    world = await startWorld();
    const sim = world.sim;
    const conversation = new Conversation(world, SESSION);
    conversation.recentTurns = [
      { source: "user", text: "Hi" },
      { source: "bot", text: "What can I do for you?", data: QUICK_REPLIES },
      { source: "user", text: "TRACK" },
    ];
    const routed = await conversation.step("rceRoute", { mirror: true }, { text: "TRACK" });
    expect(routed.nextNode?.type).to.equal("rceRouteWithBot");
    await sim.waitForImports();
    const thread = [...sim.store.threads.values()][0];
    const [offer, pick] = sim.threadContents(thread.id);
    expect(offer.structured_content).to.deep.equal({
      type: "select",
      items: [
        { title: "Track order", payload: "TRACK" },
        { title: "Talk to a person", payload: "AGENT" },
      ],
    });
    expect(offer.body).to.equal("What can I do for you?");
    expect(pick.body).to.equal("Track order");
    expect(pick.structured_reply).to.deep.equal({ payload: "TRACK" });
    expect(pick.in_reply_to_id).to.equal(offer.id);

    conversation.recentTurns.push(
      { source: "bot", text: "", data: GALLERY },
      { source: "user", text: "thanks" },
    );
    await conversation.step("rceRoute", { mirror: true }, { text: "thanks" });
    await sim.waitForImports();
    const carousel = sim.threadContents(thread.id).at(-2);
    expect(carousel?.structured_content).to.deep.equal({
      type: "carousel",
      items: [
        {
          title: "Blue shoes",
          subtitle: "Size 42",
          attachment_url: "https://img.example.com/blue.png",
          items: [{ type: "url", title: "See them", url: "https://shop.example.com/blue" }],
        },
      ],
    });
    expect(sim.threadContents(thread.id).at(-1)?.body).to.equal("thanks");
  });

  it("not mirrored: the transcript has what was offered, the pick and the gallery's links as text", async () => {
    world = await startWorld();
    const conversation = new Conversation(world, SESSION);
    conversation.recentTurns = [
      { source: "user", text: "Hi" },
      { source: "bot", text: "What can I do for you?", data: QUICK_REPLIES },
      { source: "user", text: "TRACK" },
      { source: "bot", text: "", data: GALLERY },
      { source: "user", text: "I want to talk to a person" },
    ];
    const result = await conversation.step("rceHandover", {}, { text: "I want to talk to a person" });
    expect(result.nextNode?.type).to.equal("rceHandoverOnQueued");
    await world.sim.waitForImports();
    const thread = [...world.sim.store.threads.values()][0];
    const transcript = world.sim.threadContents(thread.id)[0].body;
    expect(transcript)
      .to.contain("Bot: What can I do for you?\nOffered: Track order | Talk to a person")
      .and.contain("Customer: Picked: Track order")
      .and.contain("Card: Blue shoes (Size 42) https://shop.example.com/blue");
  });
});
