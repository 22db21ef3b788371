/**
 * One Cognigy conversation played turn by turn with the built nodes: the harness runs each node, the
 * context is carried to the next turn, and every turn must respect Cognigy's limits.
 */
import { expectNoViolations, type HarnessResult, runNode } from "../harness";
import { builtExtension, builtNode, type World } from "./e2e";

export interface Session {
  userId: string;
  sessionId: string;
  URLToken: string;
}

export class Conversation {
  context: Record<string, unknown> = {};
  /** Cognigy's lastConversationEntries for the next steps; undefined = the runtime passes none. */
  recentTurns?: { source: "user" | "bot"; text: string; data?: Record<string, unknown> }[];
  private turns = 0;

  constructor(
    private readonly world: World,
    readonly session: Session,
    private readonly profile: Record<string, unknown> = {
      firstname: "Ada",
      lastname: "Lovelace",
      email: "ada@example.com",
    },
  ) {}

  /** Runs a node as the next turn (inputId "input-N" unless the input names one). */
  async step(
    type: string,
    config: Record<string, unknown> = {},
    input: Record<string, unknown> = {},
  ): Promise<HarnessResult> {
    this.turns++;
    const result = await runNode(builtNode(type), {
      config: { connection: this.world.connection, ...config },
      profile: this.profile,
      context: this.context,
      input: { ...this.session, inputId: `input-${this.turns}`, text: `message ${this.turns}`, ...input },
      nodes: builtExtension().nodes,
      ...(this.recentTurns ? { lastConversationEntries: this.recentTurns.slice(-20) } : {}),
    });
    expectNoViolations(result);
    this.context = result.context;
    return result;
  }
}
