/**
 * `npm run demo`: one whole conversation on this machine, no Cognigy tenant and no RCE account needed.
 * The Cognigy harness plays the Flow the README teaches, with the nodes of the built bundle, against
 * the RCE simulator and the real gateway over loopback. Prints who said what, which node ran, what
 * RCE received, and timings.
 */

import type { HarnessResult } from "../test/harness";
import { Conversation } from "../test/support/conversation";
import { builtExtension, builtNode, type World } from "../test/support/e2e";
import type { FakeCognigy } from "../test/support/fakeCognigy";
import { startGatewayWorld } from "../test/support/gatewayWorld";

const SESSION = { userId: "ada-lovelace", sessionId: "demo-session-1", URLToken: "demo-endpoint-token" };
const PROFILE = {
  firstname: "Ada",
  lastname: "Lovelace",
  email: "ada@example.com",
  customerNumber: 1815,
  plan: "gold",
};
const started = Date.now();
let inputs = 0;
/** The one conversation the demo plays; created once the simulator runs. */
let conversation: Conversation;

const clock = () => `${String(Date.now() - started).padStart(5)} ms`;
const line = (who: string, text: string) => console.log(`${clock()}  ${who.padEnd(10)} ${text}`);

async function node(
  world: World,
  type: string,
  input: Record<string, unknown>,
  config: Record<string, unknown> = {},
): Promise<HarnessResult> {
  world.sim.resetRequests();
  const t0 = Date.now();
  const result = await conversation.step(type, config, input);
  const label = builtNode(type).defaultLabel as string;
  const branch = builtExtension().nodes.find((n) => n.type === result.nextNode?.type)?.defaultLabel;
  const rce = world.sim.requests.map(
    (r) =>
      `${r.method} ${r.path.replace(/\/1\.0|\/realtime\/sdk\/[^/]+/, (m) => (m.startsWith("/realtime") ? "/realtime/sdk/…" : ""))}`,
  );
  line(
    "[node]",
    `${label} → ${branch}  (${Date.now() - t0} ms; RCE: ${rce.length ? rce.join(", ") : "no request"})`,
  );
  for (const output of result.outputs) line("Bot", output.text ?? "");
  return result;
}

/** The Flow from the README: events first, then relay while a handover is queued, else the bot. */
async function userSays(world: World, text: string): Promise<void> {
  line("User", text);
  const input = { inputId: `input-${++inputs}`, text };
  const state = conversation.context.rceHandoverState as { status?: string } | undefined;
  if (state?.status === "queued") {
    await node(world, "rceSendMessage", input);
    line("", "(the bot stays silent: the agent has the conversation)");
    return;
  }
  if (/human|agent|person/i.test(text)) {
    // Not mirrored first: Handover to RCE posts this turn itself, as the user.
    await node(world, "rceSyncProfile", input);
    await node(world, "rceHandover", input, {
      waitingMessage: "I'm connecting you with a colleague. One moment please.",
    });
    return;
  }
  await node(world, "rceSendMessage", input);
  const reply = /late|parcel/i.test(text)
    ? "Sorry to hear that! Your parcel 1234 left our warehouse yesterday."
    : /bye/i.test(text)
      ? "Goodbye, Ada!"
      : "Hello Ada! How can I help?";
  line("Bot", reply);
  await node(world, "rceSendMessage", { ...input, text: reply }, { from: "bot", text: reply });
}

/** What the gateway injected into the conversation (queue updates, agent joined, agent closed). */
async function flowGetsEvents(world: World, cognigy: FakeCognigy, seen: number): Promise<number> {
  const injects = cognigy.delivered("inject");
  for (const call of injects.slice(seen)) {
    const handover = (call.body.data?.handover ?? {}) as { type?: string };
    line("[gateway]", `inject → Flow: ${handover.type}`);
    const input = { inputId: `input-${++inputs}`, text: "", data: call.body.data ?? {} };
    if (handover.type === "queueUpdate" || handover.type === "agentJoined") {
      await node(world, "rceLookupQueueStatus", input, {
        queueMessage: "You are number {position} in the queue; the wait is about {waitMinutes} min.",
      });
    } else if (handover.type === "conversationClosed") {
      await node(world, "rceEndHandover", input);
      line("Bot", "Thanks for waiting, Ada. Is there anything else I can do for you?");
    }
  }
  return injects.length;
}

function rceSays(world: World, what: string): void {
  const thread = [...world.sim.store.threads.values()][0];
  const names = (thread?.thread_category_ids ?? []).map(
    (id) => world.sim.store.categories.get(id)?.name ?? id,
  );
  line(
    "[RCE]",
    `${what}${thread ? ` — thread categories: ${names.join(", ")}; ${world.sim.threadContents(thread.id).length} messages` : ""}`,
  );
}

async function main(): Promise<void> {
  // A tenant before setup step 7: the handover's identities do not exist yet.
  const setup = await startGatewayWorld({
    verifyToken: "demo-verify-token",
    simulator: { controlledIdentities: [] },
  });
  const { world, cognigy, gateway } = setup;
  conversation = new Conversation(world, SESSION, PROFILE);
  console.log(
    `RCE simulator ${world.sim.origin}   gateway ${gateway.url}   Cognigy endpoint (fake) ${cognigy.url}\n`,
  );
  line("[RCE]", "admin saves the SDK source: implementation.info answered by the gateway, accepted");
  while (world.sim.sdkUsers.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  await world.sim.settle();
  line(
    "[gateway]",
    `created the identities ${world.sim.sdkUsers.map((u) => `"${u.params.screenname}" (${u.foreignId})`).join(" and ")} (users.create, puppetizable)`,
  );
  world.sim.controlIdentity("cognigy-bot", []);
  world.sim.controlIdentity("cognigy-agent", [world.sim.defaults.secondAgentUserId]);
  line("[RCE]", 'admin marks both Controlled and assigns "Agent" to the agents (setup step 7)');
  line(
    "[RCE]",
    `admin saves the webhook: verification ${(await world.sim.verifyWebhook()).ok ? "passed" : "FAILED"}`,
  );

  let seen = 0;
  let notified = 0;
  const showAgentReplies = () => {
    for (const call of cognigy.delivered("notify").slice(notified))
      line("Agent", `${call.body.text}   (via gateway → Cognigy notify)`);
    notified = cognigy.delivered("notify").length;
  };

  await userSays(world, "Hi");
  await userSays(world, "My parcel is late");
  await world.sim.waitForImports();
  rceSays(world, "mirrored so far");
  await userSays(world, "I'd like to talk to a human please");
  await world.sim.waitForImports();
  rceSays(world, "after the handover");
  const rceThreadId = (conversation.context.rceHandoverState as { rceThreadId: string }).rceThreadId;
  const foreign = world.sim.store.threads.get(rceThreadId)?.foreign_id ?? "";

  line("[RCE]", "routing pushes a queue update: position 2, estimated wait 180 s");
  await world.sim.pushQueuingUpdate({ thread_id: foreign, position: 2, estimated_wait_time: 180 });
  seen = await flowGetsEvents(world, cognigy, seen);

  line("[RCE]", "agent Grace takes the conversation");
  const { intervention } = world.sim.agentEngages(rceThreadId, world.sim.defaults.secondAgentUserId);
  await world.sim.deliverWebhook([
    {
      type: "intervention.opened",
      id: "demo-ev-1",
      user_id: world.sim.defaults.secondAgentUserId,
      resource: {
        type: "intervention",
        id: intervention.id,
        metadata: { thread_id: rceThreadId, source_id: world.sim.defaults.sourceId },
      },
    },
  ]);
  seen = await flowGetsEvents(world, cognigy, seen);
  await world.sim.agentReplies(
    rceThreadId,
    "<p>Hi Ada, I'm Grace. I can see parcel <b>1234</b>. Can you confirm your order number?</p>",
    { agentId: world.sim.defaults.secondAgentUserId, format: "html" },
  );
  await world.sim.settle();
  showAgentReplies();

  await userSays(world, "Order 1234, thanks Grace");
  await world.sim.waitForImports();
  rceSays(world, "the agent sees the user's answer");
  await world.sim.agentReplies(rceThreadId, "It will arrive tomorrow before noon. Have a nice day!", {
    agentId: world.sim.defaults.secondAgentUserId,
  });
  await world.sim.settle();
  showAgentReplies();

  line("[RCE]", "Grace closes the conversation (webhook intervention.closed)");
  await world.sim.agentCloses(intervention.id, world.sim.defaults.secondAgentUserId);
  await world.sim.settle();
  seen = await flowGetsEvents(world, cognigy, seen);
  rceSays(world, "after End Handover");

  await userSays(world, "No thanks, bye!");
  console.log(
    `\nDone in ${Date.now() - started} ms: ${gateway.stats.agentReplies} agent replies delivered, ${cognigy.delivered("inject").length} events injected into the Flow.`,
  );
  await setup.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
