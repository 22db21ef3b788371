/**
 * The Flow the README teaches, played input by input with the nodes of the built bundle:
 *
 *   [Route to RCE] ─ With the bot ──────► the bot's logic ─► [Handover to RCE] when the user asks
 *                  ├ With agent ───────► (nothing: the agent has the conversation)
 *                  ├ Queue update ─────► Say "You are number {{position}} …"
 *                  ├ Over threshold ───► Say "The wait is long …"
 *                  ├ Agent joined ─────► Say "{{agent.name}} has joined …"
 *                  ├ Transferred ──────► Say "You are now talking to {{agent.name}}." / "Another agent …"
 *                  ├ Agent away ───────► Say "Your agent will be back …"
 *                  ├ Agent back ───────► Say "{{agent.name}} is back."
 *                  ├ Reopened ─────────► Say "{{agent.name}} has your conversation again."
 *                  ├ No agent took it ─► Say "No agent is free …"
 *                  ├ Cancelled by user ► Say "I have cancelled …" (the bot has the conversation again)
 *                  ├ Agent closed ─────► Say "Thanks for waiting …" (the bot has the conversation again)
 *                  ├ Nothing new ──────► (nothing)
 *                  └ On error ─────────► Say "Sorry …"
 *
 * Used by `npm run demo` and by the end-to-end test of the whole journey, so both play exactly it.
 */
import type { HarnessResult } from "../harness";
import type { Conversation } from "./conversation";
import { builtExtension, builtNode, type World } from "./e2e";
import type { FakeCognigy } from "./fakeCognigy";

export const WAITING_MESSAGE = "I'm connecting you with a colleague. One moment please.";
export const BOT_RESUMES = "Thanks for waiting. Is there anything else I can do for you?";
export const CANCEL_BUTTON = "Cancel";
export const agentJoined = (name: string | null) => `${name ?? "An agent"} has joined the conversation.`;
export const TRANSFERRED_TO = (name: string) => `You are now talking to ${name}.`;
export const REQUEUED = "Another agent will be with you shortly.";
export const AGENT_AWAY = "Your agent will be back with you later.";
export const agentBack = (name: string | null) => `${name ?? "Your agent"} is back.`;
export const reopened = (name: string | null) => `${name ?? "An agent"} has your conversation again.`;
export const NO_AGENT = "No agent is free right now. Shall we call you back instead?";
export const CANCELLED = "I have cancelled your request for an agent. How else can I help?";
export const OVER_THRESHOLD = "The wait is long right now. Shall we call you back instead?";

/** Route to RCE's configuration in this Flow (besides mirroring). */
export const ROUTE_CONFIG = {
  waitingMessage: "Still looking for a free colleague, thanks for your patience.",
  repeatEveryUpdates: 2,
  cancelButton: CANCEL_BUTTON,
  cancelIntent: "cancelHandover",
  maxPosition: 5,
};

export type Printer = (who: string, text: string) => void;

/** The bot's own logic (what a real Flow's intents and Say nodes would answer). */
function botAnswer(text: string): string | "handover" {
  if (/human|agent|person|colleague/i.test(text)) return "handover";
  if (/late|parcel/i.test(text)) return "Sorry to hear that! Your parcel 1234 left our warehouse yesterday.";
  if (/bye/i.test(text)) return "Goodbye!";
  return "Hello! How can I help?";
}

/** The quick replies of a Cognigy output (`_cognigy._default._quickReplies`), by title. */
function quickReplies(data: unknown): string[] {
  const replies = (
    data as
      | { _cognigy?: { _default?: { _quickReplies?: { quickReplies?: { title?: string }[] } } } }
      | undefined
  )?._cognigy?._default?._quickReplies?.quickReplies;
  return (replies ?? []).map((r) => String(r.title));
}

type DefaultOutput = Record<string, Record<string, unknown> | undefined>;

function defaultOutput(data: unknown): DefaultOutput {
  return ((data as { _cognigy?: { _default?: DefaultOutput } } | undefined)?._cognigy?._default ??
    {}) as DefaultOutput;
}

/** The postback choices of an agent's rich output (quick replies, buttons). */
function choicesIn(data: unknown): { title: string; payload: string }[] {
  const def = defaultOutput(data);
  const list = (def._quickReplies?.quickReplies ?? def._buttons?.buttons ?? []) as {
    title: string;
    payload?: string;
    type?: string;
  }[];
  return list
    .filter((c) => c.payload && c.type !== "web_url")
    .map((c) => ({ title: c.title, payload: c.payload ?? "" }));
}

/** What an Endpoint that shows Cognigy's default rich outputs shows of one, in one line. */
function richOutputShown(data: unknown): string {
  const def = defaultOutput(data);
  if (def._image) return `[image ${def._image.imageAltText}]`;
  if (def._audio) return `[audio ${def._audio.audioAltText}]`;
  if (def._video) return `[video ${def._video.videoAltText}]`;
  const buttons = (def._quickReplies?.quickReplies ?? def._buttons?.buttons ?? []) as {
    title: string;
    type?: string;
    url?: string;
  }[];
  const prefix =
    def._buttons && typeof def._buttons.text === "string" && def._buttons.text ? `${def._buttons.text} ` : "";
  return `${prefix}${buttons.map((b) => (b.type === "web_url" ? `[${b.title} ↗]` : `[${b.title}]`)).join(" ")}`.trim();
}

export class ReadmeFlow {
  private inputs = 0;
  private injectsSeen = 0;
  private notifiesSeen = 0;
  /** Every branch Route to RCE took, in order. */
  readonly branches: string[] = [];
  /** The input after the last Route to RCE (what the Flow's later nodes see: input.handover, …). */
  lastInput?: Record<string, unknown>;
  /** The input after each node type's latest run (its result under its resultKey). */
  readonly inputAfter: Record<string, Record<string, unknown>> = {};
  /** Everything the user saw: bot outputs and agent replies, in order. */
  readonly userSaw: string[] = [];

  constructor(
    private readonly world: World,
    private readonly conversation: Conversation,
    private readonly options: {
      mirror: boolean;
      print?: Printer;
      /** More of Handover to RCE's fields (summary, reason, routing attributes). */
      handover?: Record<string, unknown>;
    } = { mirror: true },
  ) {
    conversation.recentTurns = [];
  }

  private print(who: string, text: string): void {
    this.options.print?.(who, text);
  }

  private say(text: string, buttons: string[] = []): void {
    this.userSaw.push(text);
    this.conversation.recentTurns?.push({ source: "bot", text });
    this.print("Bot", `${text}${buttons.map((b) => `  [${b}]`).join("")}`);
  }

  private async node(type: string, input: Record<string, unknown>, config: Record<string, unknown> = {}) {
    this.world.sim.resetRequests();
    const t0 = Date.now();
    const result = await this.conversation.step(type, config, input);
    this.inputAfter[type] = result.input;
    const label = builtNode(type).defaultLabel as string;
    const branch = builtExtension().nodes.find((n) => n.type === result.nextNode?.type)?.defaultLabel;
    const rce = this.world.sim.requests.map(
      (r) =>
        `${r.method} ${r.path.replace(/\/1\.0|\/realtime\/sdk\/[^/]+/, (m) => (m.startsWith("/realtime") ? "/realtime/sdk/…" : ""))}`,
    );
    this.print(
      "[node]",
      `${label} → ${branch}  (${Date.now() - t0} ms; RCE: ${rce.length ? rce.join(", ") : "no request"})`,
    );
    for (const output of result.outputs) if (output.text) this.say(output.text, quickReplies(output.data));
    return { result, branch: String(branch) };
  }

  /** One input through the Flow, from [Route to RCE] on. */
  async input(input: Record<string, unknown>): Promise<HarnessResult> {
    const full = { inputId: `flow-input-${++this.inputs}`, text: "", ...input };
    const text = typeof full.text === "string" ? full.text : "";
    if (text) this.conversation.recentTurns?.push({ source: "user", text });
    const { result, branch } = await this.node("rceRoute", full, {
      mirror: this.options.mirror,
      ...ROUTE_CONFIG,
    });
    this.branches.push(branch);
    this.lastInput = result.input;
    const routed = (result.input.rceRoute ?? {}) as {
      position?: number;
      estimatedWaitTimeMs?: number;
      agent?: { name: string | null } | null;
    };
    const name = routed.agent?.name ?? null;
    switch (branch) {
      case "With the bot": {
        const answer = botAnswer(text);
        if (answer === "handover")
          await this.node("rceHandover", full, {
            waitingMessage: WAITING_MESSAGE,
            cancelButton: CANCEL_BUTTON,
            ...this.options.handover,
          });
        else this.say(answer);
        break;
      }
      case "Queue update": {
        const minutes = Math.ceil((routed.estimatedWaitTimeMs ?? 0) / 60_000);
        this.say(`You are number ${routed.position ?? "?"} in the queue; the wait is about ${minutes} min.`);
        break;
      }
      case "Over threshold":
        this.say(OVER_THRESHOLD);
        break;
      case "Agent joined":
        this.say(agentJoined(name));
        break;
      case "Transferred":
        this.say(name ? TRANSFERRED_TO(name) : REQUEUED);
        break;
      case "Agent away":
        this.say(AGENT_AWAY);
        break;
      case "Agent back":
        this.say(agentBack(name));
        break;
      case "Reopened":
        this.say(reopened(name));
        break;
      case "No agent took it":
        this.say(NO_AGENT);
        break;
      case "Cancelled by user":
        this.say(CANCELLED);
        break;
      case "Agent closed":
        this.say(BOT_RESUMES);
        break;
      case "With agent":
      case "Nothing new":
        break;
      default:
        this.say("Sorry, something went wrong on our side.");
    }
    return result;
  }

  /** The user taps a quick reply or button the agent sent (its payload goes in as the text). */
  async userTaps(title: string, cognigy: FakeCognigy): Promise<HarnessResult> {
    const choice = cognigy
      .delivered("notify")
      .flatMap((call) => choicesIn(call.body.data))
      .reverse()
      .find((c) => c.title === title);
    if (!choice) throw new Error(`no quick reply or button "${title}" was shown to the user`);
    this.print("User", `[taps ${title}]`);
    return this.input({ text: choice.payload });
  }

  async userSays(text: string): Promise<HarnessResult> {
    this.print("User", text);
    return this.input({ text });
  }

  /** What the gateway sent since the last call: replies shown to the user, events played through the Flow. */
  async gatewayDeliveries(cognigy: FakeCognigy): Promise<void> {
    for (const call of cognigy.delivered("notify").slice(this.notifiesSeen)) {
      const shown = [call.body.text ?? "", richOutputShown(call.body.data)].filter(Boolean).join("  ");
      this.userSaw.push(shown);
      this.print("Agent", `${shown}   (via gateway → Cognigy notify)`);
    }
    this.notifiesSeen = cognigy.delivered("notify").length;
    const injects = cognigy.delivered("inject");
    for (const call of injects.slice(this.injectsSeen)) {
      const type = (call.body.data?.handover as { type?: string } | undefined)?.type;
      this.print("[gateway]", `inject → Flow: ${type}`);
      this.injectsSeen++;
      await this.input({ text: call.body.text ?? "", data: call.body.data ?? {} });
    }
  }
}
