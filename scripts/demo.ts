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
import { ReadmeFlow } from "../test/support/readmeFlow";

const SESSION = { userId: "ada-lovelace", sessionId: "demo-session-1", URLToken: "demo-endpoint-token" };
const PROFILE = {
  firstname: "Ada",
  lastname: "Lovelace",
  email: "ada@example.com",
  customerNumber: 1815,
  plan: "gold",
};
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
  });
  const { world, cognigy, gateway } = setup;
  const sim = world.sim;
  const agent = sim.defaults.secondAgentUserId;
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
  sim.controlIdentity("cognigy-agent", [agent]);
  line("[RCE]", 'admin marks both Controlled and assigns "Agent" to the agents (setup step 7)');
  line(
    "[RCE]",
    `admin saves the webhook: verification ${(await sim.verifyWebhook()).ok ? "passed" : "FAILED"}`,
  );

  const flow = new ReadmeFlow(world, new Conversation(world, SESSION, PROFILE), {
    mirror: true,
    print: line,
  });
  await flow.userSays("Hi");
  await flow.userSays("My parcel is late");
  await sim.waitForImports();
  rceSays(world, "mirrored so far");
  await flow.userSays("I'd like to talk to a human please");
  await sim.waitForImports();
  rceSays(world, "after the handover");
  const thread = [...sim.store.threads.values()][0];

  line("[RCE]", "routing pushes a queue update: position 2, estimated wait 180 s");
  await sim.pushQueuingUpdate({ thread_id: thread.foreign_id ?? "", position: 2, estimated_wait_time: 180 });
  await flow.gatewayDeliveries(cognigy);

  line("[RCE]", "agent Grace takes the conversation");
  const { intervention } = sim.agentEngages(thread.id, agent);
  await sim.deliverWebhook([
    {
      type: "intervention.opened",
      id: "demo-ev-1",
      user_id: agent,
      resource: {
        type: "intervention",
        id: intervention.id,
        metadata: { thread_id: thread.id, source_id: sim.defaults.sourceId },
      },
    },
  ]);
  await flow.gatewayDeliveries(cognigy);
  await sim.agentReplies(
    thread.id,
    "<p>Hi Ada, I'm Grace. I can see parcel <b>1234</b>. Can you confirm your order number?</p>",
    { agentId: agent, format: "html" },
  );
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);

  await flow.userSays("Order 1234, thanks Grace");
  await sim.waitForImports();
  rceSays(world, "the agent sees the user's answer");
  await sim.agentReplies(thread.id, "It will arrive tomorrow before noon. Have a nice day!", {
    agentId: agent,
  });
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);

  line("[RCE]", "Grace closes the conversation (webhook intervention.closed)");
  await sim.agentCloses(intervention.id, agent);
  await sim.settle();
  await flow.gatewayDeliveries(cognigy);
  rceSays(world, "after the agent closed");

  await flow.userSays("No thanks, bye!");
  await sim.waitForImports();
  rceSays(world, "at the end");
  console.log(
    `\nDone in ${Date.now() - started} ms: ${gateway.stats.agentReplies} agent replies delivered, ${cognigy.delivered("inject").length} events injected into the Flow; Route to RCE took ${flow.branches.join(" / ")}.`,
  );
  await setup.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
