import { expect } from "chai";
import { EngageError, isEngageError } from "../../src/engage/errors";
import { handoverArguments } from "../../src/nodes/handover/arguments";
import { readConfig } from "../../src/nodes/shared/readConfig";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const configError = (message: string, field: string) => () => {
  throw new EngageError("config", message, { fields: [field] });
};

describe("node arguments: every wrong field at once", () => {
  it("readConfig gives each reader's value by name when none refuses", () => {
    expect(readConfig({ a: () => 1, b: () => "two" })).to.deep.equal({ a: 1, b: "two" });
  });

  it("readConfig throws a single refusal as it is", () => {
    const error = new EngageError("config", "A is wrong.", { fields: ["A"], status: 400 });
    const got = thrown(() =>
      readConfig({
        a: () => {
          throw error;
        },
        b: () => 2,
      }),
    );
    expect(got).to.equal(error);
  });

  it("readConfig runs every reader and names every refused field in one config error, in order", () => {
    const got = thrown(() =>
      readConfig({
        a: configError("A is wrong.", "A"),
        b: () => 2,
        c: configError("C is wrong.", "C"),
      }),
    );
    expect(isEngageError(got)).to.equal(true);
    const info = (got as EngageError).toJSON();
    expect(info).to.deep.equal({ kind: "config", message: "A is wrong. C is wrong.", fields: ["A", "C"] });
  });

  it("readConfig lets an error that is not about the config through at once", () => {
    let ranAfter = false;
    const boom = new EngageError("validation", "not a config problem");
    const got = thrown(() =>
      readConfig({
        a: configError("A is wrong.", "A"),
        b: () => {
          throw boom;
        },
        c: () => {
          ranAfter = true;
        },
      }),
    );
    expect(got).to.equal(boom);
    expect(ranAfter).to.equal(false);
  });

  it("Handover to RCE names the transcript, the routing attributes and the categories together", () => {
    const got = thrown(() =>
      handoverArguments({
        config: {
          transcript: "[not json",
          language: "Klingon!",
          priority: "urgent!!",
          additionalCategoryIds: ["not an id"],
        },
        input: { sessionId: "s-1", userId: "u-1", text: "agent" },
        profile: {},
        context: {},
      }),
    );
    const info = (got as EngageError).toJSON();
    expect(info.kind).to.equal("config");
    expect(info.fields).to.deep.equal([
      "Transcript to post first",
      "Language",
      "Priority",
      "Additional category ids",
    ]);
    expect(info.message)
      .to.contain("Transcript is not valid JSON")
      .and.contain('not "Klingon!"')
      .and.contain("Additional category ids must be RCE category ids");
  });

  it("Handover to RCE reads a valid config into the handover's arguments", () => {
    const args = handoverArguments({
      config: {
        language: "de-CH",
        additionalCategoryIds: "abc123, abc123 def456",
        waitingMessage: "  Hold on ",
      },
      input: { sessionId: "s-1", userId: "u-1", text: "agent please" },
      profile: {},
      context: {},
    });
    expect(args.handover.language).to.equal("de-CH");
    expect(args.handover.additionalCategoryIds).to.deep.equal(["abc123", "def456"]);
    expect(args.handover.messageToAgent).to.equal("agent please");
    expect(args.handover.messageIsUserText).to.equal(true);
    expect(args.waitingMessage).to.equal("Hold on");
    expect(args.transcriptSource).to.contain("lastConversationEntries");
  });
});
