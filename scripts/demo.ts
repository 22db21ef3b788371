/**
 * `npm run demo`: one whole conversation on this machine, no Cognigy tenant and no RCE account needed.
 * The Cognigy harness plays exactly the README's Flow (test/support/readmeFlow.ts: [Route to RCE]
 * first, then the bot's logic and Handover to RCE) with the nodes of the built bundle, against the
 * RCE simulator and the real gateway over loopback. Prints who said what, which node ran, what RCE
 * received, and timings.
 */
import { Conversation } from "../test/support/conversation";
import type { World } from "../test/support/e2e";
import { startGatewayWorld } from "../test/support/gatewayWorld";
import { CANCEL_BUTTON, ReadmeFlow } from "../test/support/readmeFlow";

const SESSION = { userId: "ada-lovelace", sessionId: "demo-session-1", URLToken: "demo-endpoint-token" };
const PROFILE = {
  firstname: "Ada",
  lastname: "Lovelace",
  email: "ada@example.com",
  customerNumber: 1815,
  plan: "gold",
};
/** What an LLM node before Handover to RCE might write; the agent reads it as a note. */
const SUMMARY = "Parcel 1234 is a day late; Ada wants to know when it arrives.";
const started = Date.now();

const clock = () => `${String(Date.now() - started).padStart(5)} ms`;
const line = (who: string, text: string) => console.log(`${clock()}  ${who.padEnd(10)} ${text}`);

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
    // Agents may send files (the gateway declares messages.attachments).
    gatewayConfig: { agentAttachments: true },
  });
  const { world, cognigy, gateway } = setup;
  const sim = world.sim;
  const grace = sim.defaults.secondAgentUserId;
  Object.assign(sim.store.users.get(grace) ?? {}, { firstname: "Grace", lastname: "Hopper" });
  const alan = sim.store.createUser({ firstname: "Alan", lastname: "Turing", email: "alan@example.com" }).id;
  console.log(
    `RCE simulator ${sim.origin}   gateway ${gateway.url}   Cognigy endpoint (fake) ${cognigy.url}\n`,
  );
  line("[RCE]", "admin saves the SDK source: implementation.info answered by the gateway, accepted");
  while (sim.sdkUsers.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  await sim.settle();
  line(
    "[gateway]",
    `created the identities ${sim.sdkUsers.map((u) => `"${u.params.screenname}" (${u.foreignId})`).join(" and ")} (users.create, puppetizable)`,
  );
  sim.controlIdentity("cognigy-bot", []);
  sim.controlIdentity("cognigy-agent", [grace, alan]);
  line("[RCE]", 'admin marks both Controlled and assigns "Agent" to the agents (setup step 7)');
  line(
    "[RCE]",
    `admin saves the webhook: verification ${(await sim.verifyWebhook()).ok ? "passed" : "FAILED"}`,
  );

  const flow = new ReadmeFlow(world, new Conversation(world, SESSION, PROFILE), {
    mirror: true,
    print: line,
    handover: { summary: SUMMARY, reason: "parcel late" },
  });
  await flow.userSays("Hi");
  await flow.userSays("My parcel is late");
  await sim.waitForImports();
  rceSays(world, "mirrored so far");
  await flow.userSays("I'd like to talk to a human please");
  await sim.waitForImports();
  rceSays(world, "after the handover");
  const thread = [...sim.store.threads.values()][0];
  const foreign = thread.foreign_id ?? "";

  line("[RCE]", "routing pushes a queue update: position 4, estimated wait 480 s");
  await sim.pushQueuingUpdate({ thread_id: foreign, position: 4, estimated_wait_time: 480 });
  await flow.gatewayDeliveries(cognigy);
  line("[RCE]", "routing pushes a queue update: position 3, estimated wait 360 s");
  await sim.pushQueuingUpdate({ thread_id: foreign, position: 3, estimated_wait_time: 360 });
  await flow.gatewayDeliveries(cognigy);
  await flow.userSays(CANCEL_BUTTON);
  await sim.waitForImports();
  rceSays(world, "after the user cancelled");

  await flow.userSays("Sorry, I do want a person after all");
  await sim.waitForImports();
  rceSays(world, "after the second handover");
  line("[RCE]", "routing pushes a queue update: position 2, estimated wait 180 s");
  await sim.pushQueuingUpdate({ thread_id: foreign, position: 2, estimated_wait_time: 180 });
  await flow.gatewayDeliveries(cognigy);

  line("[RCE]", "agent Grace takes the conversation (webhook intervention.opened)");
  const { intervention } = sim.agentEngages(thread.id, grace);
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);
  for (const note of sim.interventionNotes(intervention.id))
    line("[RCE]", `internal note on the intervention, for agents only: ${JSON.stringify(note.body)}`);
  await sim.agentReplies(
    thread.id,
    "<p>Hi Ada, I'm Grace. I can see parcel <b>1234</b>. Can you confirm your order number?</p>",
    { agentId: grace, format: "html" },
  );
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);

  await flow.userSays("Order 1234, thanks Grace");
  await sim.waitForImports();
  rceSays(world, "the agent sees the user's answer");
  await sim.agentReplies(thread.id, "Here is your return label, in case you don't want it any more.", {
    agentId: grace,
    attachments: [{ url: "https://files.example.com/return-label.pdf", filename: "return-label.pdf" }],
  });
  await sim.agentReplies(thread.id, "Shall we still deliver it?", {
    agentId: grace,
    structuredContent: {
      type: "select",
      items: [
        { title: "Yes, deliver", payload: "DELIVER" },
        { title: "No, refund me", payload: "REFUND" },
      ],
    },
  });
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);
  await flow.userTaps("Yes, deliver", cognigy);
  await sim.waitForImports();
  const pick = sim.threadContents(thread.id).at(-1);
  line("[RCE]", `Grace sees "${pick?.body}" with structured_reply ${JSON.stringify(pick?.structured_reply)}`);
  line(
    "[RCE]",
    "Grace transfers the conversation to Alan (webhooks task.transferred, intervention.user_updated)",
  );
  sim.lifecycle.transfer(intervention.id, alan, grace);
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);
  await sim.agentReplies(thread.id, "Alan here: it will arrive tomorrow before noon. Have a nice day!", {
    agentId: alan,
  });
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);

  line("[RCE]", "Alan closes the conversation (webhook intervention.closed)");
  await sim.agentCloses(intervention.id, alan);
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);
  rceSays(world, "at the end");
  console.log(
    `\nDone in ${Date.now() - started} ms: ${gateway.stats.agentReplies} agent replies delivered, ${cognigy.delivered("inject").length} events injected into the Flow; Route to RCE took ${flow.branches.join(" / ")}.`,
  );
  await setup.close();
}

const DEMO_USAGE = `Usage: npm run demo

Plays one whole conversation on this machine (bot → handover → agent → bot): the Flow of docs/nodes.md with
the nodes of the built bundle, the RCE simulator and the real gateway, all on 127.0.0.1. No Cognigy
tenant, no RCE account, no input file. Prints who said what, which node ran and what RCE received,
with the time since the start. Exit code 0 when the conversation ran through, 1 when it did not.
`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(DEMO_USAGE);
} else if (args.length > 0) {
  process.stderr.write(`demo: takes no arguments (got ${args.join(" ")}). See --help.\n`);
  process.exitCode = 2;
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
