/**
 * What the agent and the user see of each other beyond text, over real HTTP (built bundle, simulator,
 * gateway, fake Cognigy): an agent's image, PDF and select reach the user's Endpoint as Cognigy's
 * image output, a file (link button) output and quick replies; the user's pick reaches the agent as
 * RCE's structured_reply.
 */
import { expect } from "chai";
import { Conversation } from "../support/conversation";
import type { GatewayWorld } from "../support/gatewayWorld";
import { startGatewayWorld } from "../support/gatewayWorld";
import { ReadmeFlow } from "../support/readmeFlow";

const SESSION = { userId: "user-rich", sessionId: "session-rich", URLToken: "token-rich" };

type Rich = { _cognigy?: { _default?: Record<string, Record<string, unknown>> } };
const outputOf = (data: unknown): ({ kind: string } & Record<string, unknown>) | undefined => {
  const def = (data as Rich | undefined)?._cognigy?._default ?? {};
  const [kind] = Object.keys(def);
  return kind ? { ...def[kind], kind } : undefined;
};

describe("Rich content between the agent and the user (built bundle, simulator, gateway)", function () {
  this.timeout(30_000);
  let setup: GatewayWorld;
  afterEach(async () => setup?.close());

  async function handedOver(gatewayConfig: Record<string, unknown>) {
    setup = await startGatewayWorld({ gatewayConfig });
    const { world } = setup;
    const conversation = new Conversation(world, SESSION);
    const flow = new ReadmeFlow(world, conversation, { mirror: false });
    await flow.userSays("Hi");
    await flow.userSays("I'd like to talk to a human please");
    await world.sim.waitForImports();
    const thread = [...world.sim.store.threads.values()][0];
    const agent = world.sim.defaults.secondAgentUserId;
    world.sim.agentEngages(thread.id, agent);
    await world.sim.settle();
    await flow.gatewayDeliveries(setup.cognigy);
    return { flow, thread, agent, sim: world.sim };
  }

  it("an image, a PDF and a select reach the Endpoint as image, file and quick replies; the pick reaches the agent", async () => {
    const { flow, thread, agent, sim } = await handedOver({ agentAttachments: true });
    const before = setup.cognigy.delivered("notify").length;
    await sim.agentReplies(thread.id, "Here is the damage photo and your return label.", {
      agentId: agent,
      attachments: [
        { url: "https://files.example.com/photo.jpg", type: "image", filename: "photo.jpg" },
        { url: "https://files.example.com/return-label.pdf", filename: "return-label.pdf" },
      ],
    });
    const select = await sim.agentReplies(thread.id, "Shall we send a replacement or refund you?", {
      agentId: agent,
      structuredContent: {
        type: "select",
        items: [
          { title: "Replacement", payload: "REPLACE" },
          { title: "Refund", payload: "REFUND" },
        ],
      },
    });
    await sim.settle();
    const notified = setup.cognigy.delivered("notify").slice(before);
    const outputs = notified.map((c) => ({ text: c.body.text, output: outputOf(c.body.data) }));
    expect(outputs[0]).to.deep.equal({
      text: "Here is the damage photo and your return label.",
      output: undefined,
    });
    expect(outputs[1].output).to.include({
      kind: "_image",
      imageUrl: "https://files.example.com/photo.jpg",
      fallbackText: "photo.jpg: https://files.example.com/photo.jpg",
    });
    expect(outputs[2].output?.kind).to.equal("_buttons");
    expect(outputs[2].output?.buttons).to.deep.equal([
      {
        id: 0,
        type: "web_url",
        title: "Open return-label.pdf",
        url: "https://files.example.com/return-label.pdf",
      },
    ]);
    expect(outputs[3].text).to.equal("Shall we send a replacement or refund you?");
    expect(outputs[3].output?.kind).to.equal("_quickReplies");
    const replies = outputs[3].output?.quickReplies as { title: string; payload: string }[];
    expect(replies.map((r) => r.title)).to.deep.equal(["Replacement", "Refund"]);
    expect(outputs).to.have.length(4);
    // Every notify still tells the Flow whose reply it is.
    for (const call of notified) expect(call.body.data?.handover).to.include({ type: "agentReply" });

    // The user taps "Refund": the Endpoint sends its payload as the input's text.
    await flow.userSays(replies[1].payload);
    await sim.waitForImports();
    const picked = sim.threadContents(thread.id).at(-1);
    expect(picked?.body, "the agent reads the choice's title").to.equal("Refund");
    expect(picked?.structured_reply).to.deep.equal({ payload: "REFUND" });
    expect(picked?.in_reply_to_id, "it answers the select").to.equal(select.content.id);
    expect(flow.branches.at(-1)).to.equal("With agent");
  });

  it("a template's buttons and a carousel become buttons and a gallery, with links kept", async () => {
    const { thread, agent, sim } = await handedOver({});
    const before = setup.cognigy.delivered("notify").length;
    await sim.agentReplies(thread.id, "", {
      agentId: agent,
      structuredContent: {
        type: "template",
        title: "Your order 1234",
        items: [
          { type: "url", title: "Track it", url: "https://track.example.com/1234" },
          { type: "reply", title: "All good", payload: "OK" },
        ],
      },
    });
    await sim.agentReplies(thread.id, "Pick a colour", {
      agentId: agent,
      structuredContent: {
        type: "carousel",
        items: [
          {
            title: "Red",
            attachment_url: "https://img.example.com/red.png",
            items: [{ type: "reply", title: "Red" }],
          },
          { title: "Blue", url: "https://shop.example.com/blue", items: [{ type: "reply", title: "Blue" }] },
        ],
      },
    });
    await sim.settle();
    const [template, carousel] = setup.cognigy
      .delivered("notify")
      .slice(before)
      .map((c) => outputOf(c.body.data));
    expect(template?.kind).to.equal("_buttons");
    expect(
      ((template?.buttons ?? []) as { type: string; title: string }[]).map((b) => [b.type, b.title]),
    ).to.deep.equal([
      ["web_url", "Track it"],
      ["postback", "All good"],
    ]);
    expect(carousel?.kind).to.equal("_gallery");
    const items = carousel?.items as { title: string; imageUrl?: string; url?: string }[];
    expect(items.map((i) => i.title)).to.deep.equal(["Red", "Blue"]);
    expect(items[0].imageUrl).to.equal("https://img.example.com/red.png");
    expect(carousel?.fallbackText).to.contain("https://shop.example.com/blue");
  });

  it("RCE lets agents compose attachments only when the gateway declares messages.attachments", async () => {
    const { thread, agent, sim } = await handedOver({ agentAttachments: false });
    let refused = "";
    await sim
      .agentReplies(thread.id, "label", {
        agentId: agent,
        attachments: [{ url: "https://files.example.com/a.pdf" }],
      })
      .catch((e: unknown) => {
        refused = String(e);
      });
    expect(refused).to.contain('"messages.attachments"');
  });
});
