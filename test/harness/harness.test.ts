import { createNodeDescriptor, type INodeFunctionBaseParams } from "@cognigy/extension-tools";
import { expect } from "chai";
import {
  allText,
  DEFAULT_LIMITS,
  expectNoViolations,
  type HarnessApi,
  HarnessViolationError,
  MAX_ARG_BYTES,
  runNode,
  runNodeStrict,
} from "./index";

/** The fake api implements more than extension-tools 0.14 types (e.g. addToInput). */
const apiOf = (params: INodeFunctionBaseParams): HarnessApi => params.cognigy.api as unknown as HarnessApi;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const sayTimes = (count: number) =>
  createNodeDescriptor({
    type: `say${count}`,
    defaultLabel: `Say ${count} times`,
    function: async (params: INodeFunctionBaseParams) => {
      for (let i = 0; i < count; i++) {
        apiOf(params).say(`message ${i + 1}`);
      }
    },
  });

const parent = createNodeDescriptor({
  type: "checkQueue",
  defaultLabel: "Check queue",
  dependencies: { children: ["onOpen", "onClosed", "onError"] },
  fields: [
    { key: "branch", type: "text", label: "Branch", defaultValue: "onClosed" },
    { key: "greeting", type: "text", label: "Greeting", defaultValue: "hello" },
  ],
  function: async (params: INodeFunctionBaseParams) => {
    const config = params.config as { branch: string; greeting: string };
    const child = params.childConfigs.find((c) => c.type === config.branch);
    apiOf(params).say(config.greeting);
    apiOf(params).setNextNode(child ? child.id : "not-a-child-id");
  },
});
const child = (type: string) =>
  createNodeDescriptor({
    type,
    parentType: "checkQueue",
    defaultLabel: type,
    appearance: { variant: "mini" },
    constraints: { editable: false, deletable: false, creatable: false, movable: false, placement: {} },
  });
const allNodes = [parent, child("onOpen"), child("onClosed"), child("onError")];

describe("Cognigy harness", () => {
  describe("defaults", () => {
    it("uses Cognigy's documented limits", () => {
      expect(DEFAULT_LIMITS).to.deep.equal({
        maxApiCalls: 10,
        maxArgBytes: 63_488,
        timeoutMs: 20_000,
        countLog: true,
      });
      expect(MAX_ARG_BYTES).to.equal(62 * 1024);
    });

    it("passes a Webchat v3 input and the given profile/context/config to the node", async () => {
      let seen: INodeFunctionBaseParams | undefined;
      const node = createNodeDescriptor({
        type: "inspect",
        defaultLabel: "Inspect",
        function: async (params: INodeFunctionBaseParams) => {
          seen = params;
        },
      });
      const result = await runNode(node, {
        config: { connection: { apiAccessToken: "t0k3n" } },
        input: { text: "agent please", data: { source: "test" } },
        profile: { firstname: "Grace", email: "grace@example.com" },
        context: { existing: 1 },
      });
      expectNoViolations(result);
      expect(seen).to.not.equal(undefined);
      const params = seen as INodeFunctionBaseParams;
      expect(params.config).to.deep.equal({ connection: { apiAccessToken: "t0k3n" } });
      expect(params.cognigy.input).to.include({
        text: "agent please",
        channel: "webchat3",
        endpointType: "webchat3",
      });
      expect(params.cognigy.input.data).to.deep.equal({ source: "test" });
      expect(params.cognigy.input.userId).to.be.a("string").and.not.equal("");
      expect(params.cognigy.input.sessionId).to.be.a("string").and.not.equal("");
      expect(params.cognigy.input.inputId).to.be.a("string").and.not.equal("");
      expect(params.cognigy.input.URLToken).to.be.a("string").and.not.equal("");
      expect(params.cognigy.input.currentTime?.ISODate).to.equal("2026-01-15T10:30:00.000Z");
      expect(params.cognigy.profile).to.include({ firstname: "Grace", lastname: "Lovelace" });
      expect(params.cognigy.context).to.deep.equal({ existing: 1 });
      expect(params.childConfigs).to.deep.equal([]);
      expect(params.nodeId).to.be.a("string");
    });

    it("fills missing config keys with field defaults, explicit values win", async () => {
      const result = await runNode(parent, { config: { branch: "onOpen" }, nodes: allNodes });
      expectNoViolations(result);
      expect(result.outputs).to.deep.equal([{ text: "hello", data: undefined }]);
      expect(result.nextNode?.type).to.equal("onOpen");
    });

    it("does not mutate the caller's fixtures", async () => {
      const context = { rce: { handover: "old" } };
      const input = { data: { a: 1 } };
      const node = createNodeDescriptor({
        type: "mutateViaApi",
        defaultLabel: "Mutate via api",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).addToContext("rce.handover", "new", "simple");
          apiOf(params).addToInput("data.a", 2);
        },
      });
      const result = await runNode(node, { config: {}, context, input });
      expectNoViolations(result);
      expect(result.context).to.deep.equal({ rce: { handover: "new" } });
      expect(result.input.data).to.deep.equal({ a: 2 });
      expect(context).to.deep.equal({ rce: { handover: "old" } });
      expect(input).to.deep.equal({ data: { a: 1 } });
    });
  });

  describe("api call limit", () => {
    it("allows exactly 10 calls", async () => {
      const result = await runNode(sayTimes(10), { config: {} });
      expectNoViolations(result);
      expect(result.apiCallCount).to.equal(10);
      expect(result.outputs).to.have.length(10);
    });

    it("flags the 11th call, which has no effect", async () => {
      const result = await runNode(sayTimes(11), { config: {} });
      expect(result.apiCallCount).to.equal(11);
      expect(result.violations).to.have.length(1);
      expect(result.violations[0]).to.match(/too many api calls: 11 counted \(limit 10/);
      expect(result.outputs).to.have.length(10);
      expect(result.apiCalls[10]).to.deep.include({ method: "say", rejected: true });
      expect(result.input.extensionError).to.deep.equal({ message: "Too many API calls (limit 10)" });
    });

    it("counts api.log by default, and not when countLog is false", async () => {
      const node = createNodeDescriptor({
        type: "chatty",
        defaultLabel: "Chatty",
        function: async (params: INodeFunctionBaseParams) => {
          for (let i = 0; i < 6; i++) {
            apiOf(params).log("info", `step ${i}`);
            apiOf(params).addToContext(`step${i}`, i, "simple");
          }
        },
      });
      const counted = await runNode(node, { config: {} });
      expect(counted.apiCallCount).to.equal(12);
      expect(counted.violations.join("\n")).to.match(/too many api calls/);

      const notCounted = await runNode(node, { config: {}, limits: { countLog: false } });
      expectNoViolations(notCounted);
      expect(notCounted.apiCallCount).to.equal(6);
      expect(notCounted.logs).to.have.length(6);
    });

    it("respects a configured maxApiCalls", async () => {
      const result = await runNode(sayTimes(3), { config: {}, limits: { maxApiCalls: 2 } });
      expect(result.violations.join("\n")).to.match(/3 counted \(limit 2/);
    });
  });

  describe("argument size limit", () => {
    const sendBig = (bytes: number) =>
      createNodeDescriptor({
        type: "big",
        defaultLabel: "Big",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).say("", { blob: "x".repeat(bytes) });
        },
      });

    it("flags a 70 KB argument", async () => {
      const result = await runNode(sendBig(70 * 1024), { config: {} });
      expect(result.violations).to.have.length(1);
      expect(result.violations[0]).to.match(
        /api\.say argument 2 is 71,691 bytes .* over the limit of 63,488/,
      );
      expect(result.outputs).to.deep.equal([]);
    });

    it("accepts an argument of exactly 62 KB of JSON", async () => {
      const overhead = JSON.stringify({ blob: "" }).length;
      const result = await runNode(sendBig(MAX_ARG_BYTES - overhead), { config: {} });
      expectNoViolations(result);
    });

    it("measures UTF-8 bytes, not characters", async () => {
      const node = createNodeDescriptor({
        type: "emoji",
        defaultLabel: "Emoji",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).addToContext("text", "€".repeat(25_000), "simple"); // 75,000 bytes, 25,000 chars
        },
      });
      const result = await runNode(node, { config: {} });
      expect(result.violations.join("\n")).to.match(/api\.addToContext argument 2 is 75,002 bytes/);
    });

    it("flags arguments that cannot be serialised", async () => {
      const node = createNodeDescriptor({
        type: "circular",
        defaultLabel: "Circular",
        function: async (params: INodeFunctionBaseParams) => {
          const value: Record<string, unknown> = {};
          value.self = value;
          apiOf(params).addToContext("loop", value, "simple");
        },
      });
      const result = await runNode(node, { config: {} });
      expect(result.violations.join("\n")).to.match(/api\.addToContext argument 2 is not JSON-serialisable/);
      expect(result.context).to.deep.equal({});
    });
  });

  describe("execution time limit", () => {
    it("flags a node slower than timeoutMs and stops waiting for it", async () => {
      const node = createNodeDescriptor({
        type: "slow",
        defaultLabel: "Slow",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).say("before");
          await sleep(300);
          apiOf(params).say("after");
        },
      });
      const result = await runNode(node, { config: {}, limits: { timeoutMs: 50 } });
      expect(result.timedOut).to.equal(true);
      expect(result.violations).to.deep.equal(["execution timed out after 50 ms (limit 50 ms)"]);
      expect(result.durationMs).to.be.at.least(45).and.below(250);
      expect(result.input.extensionError).to.deep.equal({
        message: "Extension execution timed out after 50 ms",
      });
      await sleep(350);
      expect(result.outputs.map((o) => o.text)).to.deep.equal(["before"]); // the late call had no effect
    });

    it("does not flag a node that finishes in time", async () => {
      const node = createNodeDescriptor({
        type: "quick",
        defaultLabel: "Quick",
        function: async () => {
          await sleep(10);
        },
      });
      const result = await runNode(node, { config: {}, limits: { timeoutMs: 500 } });
      expectNoViolations(result);
      expect(result.timedOut).to.equal(false);
    });
  });

  describe("uncaught exceptions", () => {
    it("flags a node that rejects", async () => {
      const node = createNodeDescriptor({
        type: "throws",
        defaultLabel: "Throws",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).log("debug", "about to fail");
          throw new TypeError("boom");
        },
      });
      const result = await runNode(node, { config: {} });
      expect(result.error).to.be.instanceOf(TypeError);
      expect(result.error?.message).to.equal("boom");
      expect(result.violations).to.have.length(1);
      expect(result.violations[0]).to.match(/^uncaught exception: TypeError: boom/);
      expect(result.logs).to.deep.equal([{ level: "debug", text: "about to fail" }]);
    });

    it("flags a synchronous throw and non-Error values", async () => {
      const node = createNodeDescriptor({
        type: "throwsString",
        defaultLabel: "Throws a string",
        function: ((): Promise<void> => {
          throw "plain string";
        }) as () => Promise<void>,
      });
      const result = await runNode(node, { config: {} });
      expect(result.error?.message).to.equal("non-Error value thrown: plain string");
      expect(result.violations[0]).to.match(/uncaught exception/);
    });
  });

  describe("strict mode and expectNoViolations", () => {
    it("runNodeStrict rejects with every violation listed", async () => {
      const node = createNodeDescriptor({
        type: "bad",
        defaultLabel: "Bad",
        function: async (params: INodeFunctionBaseParams) => {
          for (let i = 0; i < 11; i++) {
            apiOf(params).log("info", "x");
          }
          throw new Error("kaputt");
        },
      });
      let caught: unknown;
      try {
        await runNodeStrict(node, { config: {} });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(HarnessViolationError);
      const error = caught as HarnessViolationError;
      expect(error.violations).to.have.length(2);
      expect(error.message).to.contain('node "bad" broke 2 Cognigy platform rule(s):');
      expect(error.message).to.contain("1. uncaught exception: Error: kaputt");
      expect(error.message).to.contain("2. too many api calls: 11 counted");
      expect(error.result.logs).to.have.length(10);
    });

    it("runNodeStrict resolves for a clean node; options.strict is equivalent", async () => {
      const result = await runNodeStrict(sayTimes(1), { config: {} });
      expect(result.violations).to.deep.equal([]);
      let caught: unknown;
      await runNode(sayTimes(11), { config: {}, strict: true }).catch((err: unknown) => {
        caught = err;
      });
      expect(caught).to.be.instanceOf(HarnessViolationError);
    });

    it("expectNoViolations throws a readable error", async () => {
      const result = await runNode(sayTimes(12), { config: {} });
      expect(() => expectNoViolations(result)).to.throw(
        HarnessViolationError,
        /too many api calls: 12 counted/,
      );
    });

    it("rejects harness misuse", async () => {
      const noFunction = createNodeDescriptor({ type: "empty", defaultLabel: "Empty" });
      let caught: unknown;
      await runNode(noFunction, { config: {} }).catch((err: unknown) => {
        caught = err;
      });
      expect(caught).to.be.instanceOf(TypeError);
    });
  });

  describe("childConfigs and setNextNode", () => {
    it("builds childConfigs from dependencies.children, in order, like Cognigy", async () => {
      const result = await runNode(parent, { config: {}, nodes: allNodes });
      expect(result.childConfigs.map((c) => c.type)).to.deep.equal(["onOpen", "onClosed", "onError"]);
      const ids = result.childConfigs.map((c) => c.id);
      expect(new Set(ids).size).to.equal(3);
      for (const config of result.childConfigs) {
        expect(config.config).to.deep.equal({});
        expect(config.id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });

    it("maps the chosen child id back to its type", async () => {
      for (const branch of ["onOpen", "onClosed", "onError"]) {
        const result = await runNode(parent, { config: { branch }, nodes: allNodes });
        expectNoViolations(result);
        const chosen = result.childConfigs.find((c) => c.type === branch);
        expect(result.nextNode).to.deep.equal({ id: chosen?.id, type: branch });
      }
    });

    it("flags setNextNode with an id that is not a child", async () => {
      const result = await runNode(parent, { config: { branch: "onNowhere" }, nodes: allNodes });
      expect(result.nextNode).to.deep.equal({ id: "not-a-child-id", type: undefined });
      expect(result.violations.join("\n")).to.match(
        /setNextNode\("not-a-child-id"\) is not one of this node's/,
      );
      const relaxed = await runNode(parent, {
        config: { branch: "onNowhere" },
        nodes: allNodes,
        requireChildNextNode: false,
      });
      expectNoViolations(relaxed);
    });

    it("flags children missing from options.nodes", async () => {
      const result = await runNode(parent, { config: {}, nodes: [parent, child("onOpen")] });
      expect(result.violations.join("\n")).to.contain('lists "onClosed", but no node of that type');
      expect(result.violations.join("\n")).to.contain('lists "onError", but no node of that type');
    });

    it("resetNextNodes clears the choice", async () => {
      const node = createNodeDescriptor({
        type: "undecided",
        defaultLabel: "Undecided",
        dependencies: { children: ["onA"] },
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).setNextNode(params.childConfigs[0].id);
          apiOf(params).resetNextNodes();
          apiOf(params).stopExecution();
        },
      });
      const result = await runNode(node, { config: {} });
      expectNoViolations(result);
      expect(result.nextNode).to.equal(undefined);
      expect(result.stopped).to.equal(true);
    });
  });

  describe("context, input and profile", () => {
    it("addToContext and addToInput support dot paths", async () => {
      const node = createNodeDescriptor({
        type: "store",
        defaultLabel: "Store",
        function: async (params: INodeFunctionBaseParams) => {
          const api = apiOf(params);
          api.addToContext("rce.handover", { status: "queued" }, "simple");
          api.addToContext("rce.events", "first", "array");
          api.addToContext("rce.events", "second", "array");
          api.addToInput("rce.queue.position", 3);
          api.say(String(api.getContext("rce.handover.status")));
        },
      });
      const result = await runNode(node, {
        config: {},
        context: { rce: { keep: true } },
        input: { rce: { queue: { estimatedWaitTime: 60000 } } },
      });
      expectNoViolations(result);
      expect(result.context).to.deep.equal({
        rce: { keep: true, handover: { status: "queued" }, events: ["first", "second"] },
      });
      expect(result.input).to.have.nested.property("rce.queue.position", 3);
      expect(result.input).to.have.nested.property("rce.queue.estimatedWaitTime", 60000);
      expect(result.outputs[0].text).to.equal("queued");
    });

    it("deleteContext, removeFromContext, updateProfile, parseCognigyScriptText", async () => {
      const node = createNodeDescriptor({
        type: "misc",
        defaultLabel: "Misc",
        function: async (params: INodeFunctionBaseParams) => {
          const api = apiOf(params);
          api.deleteContext("a.b");
          api.removeFromContext("list", 2, "array");
          api.removeFromContext("gone", undefined, "simple");
          await api.updateProfile("email", "new@example.com");
          api.say(String(api.parseCognigyScriptText("{{input.text}}")));
          api.setSensitiveLoggingSettings({
            maskLogging: true,
            maskAnalytics: true,
            disableConversations: false,
          });
          api.think("x", {});
        },
      });
      const result = await runNode(node, {
        config: {},
        context: { a: { b: 1, c: 2 }, list: [1, 2, 3], gone: "x" },
      });
      expectNoViolations(result);
      expect(result.context).to.deep.equal({ a: { c: 2 }, list: [1, 3] });
      expect(result.profile.email).to.equal("new@example.com");
      expect(result.outputs[0].text).to.equal("{{input.text}}");
      expect(result.sensitiveLoggingSettings).to.deep.equal({
        maskLogging: true,
        maskAnalytics: true,
        disableConversations: false,
      });
      expect(result.apiCalls.map((c) => c.method)).to.deep.equal([
        "deleteContext",
        "removeFromContext",
        "removeFromContext",
        "updateProfile",
        "parseCognigyScriptText",
        "say",
        "setSensitiveLoggingSettings",
        "think",
      ]);
    });

    it("flags direct mutation of cognigy.context / input", async () => {
      const node = createNodeDescriptor({
        type: "direct",
        defaultLabel: "Direct",
        function: async (params: INodeFunctionBaseParams) => {
          params.cognigy.context.sneaky = true;
          params.cognigy.input.data = { sneaky: true };
        },
      });
      const result = await runNode(node, { config: {} });
      expect(result.violations).to.have.length(2);
      expect(result.violations[0]).to.match(/mutated cognigy\.input directly; use api\.addToInput/);
      expect(result.violations[1]).to.match(/mutated cognigy\.context directly; use api\.addToContext/);
      expect(result.context).to.deep.equal({});
    });

    it("flags invalid log levels and bad addToContext modes", async () => {
      const node = createNodeDescriptor({
        type: "sloppy",
        defaultLabel: "Sloppy",
        function: async (params: INodeFunctionBaseParams) => {
          apiOf(params).log("verbose", "x");
          apiOf(params).addToContext("k", 1, "merge");
        },
      });
      const result = await runNode(node, { config: {} });
      expect(result.violations).to.have.length(2);
      expect(result.violations[0]).to.match(/api\.log level "verbose"/);
      expect(result.violations[1]).to.match(/api\.addToContext: unknown mode "merge"/);
    });
  });

  describe("allText", () => {
    it("contains everything observable, including error details", async () => {
      const node = createNodeDescriptor({
        type: "leaky",
        defaultLabel: "Leaky",
        function: async (params: INodeFunctionBaseParams) => {
          const api = apiOf(params);
          api.say("out-text", { out: "out-data" });
          api.log("error", "log-text");
          api.addToContext("ctx", "ctx-value", "simple");
          api.addToInput("inp", "input-value");
          const error = new Error("error-message");
          Object.assign(error, {
            cause: new Error("cause-message"),
            config: { headers: { Authorization: "Bearer s3cr3t-header" } },
          });
          throw error;
        },
      });
      const result = await runNode(node, { config: {} });
      const text = allText(result);
      for (const needle of [
        "out-text",
        "out-data",
        "log-text",
        "ctx-value",
        "input-value",
        "error-message",
        "cause-message",
        "s3cr3t-header",
      ]) {
        expect(text).to.contain(needle);
      }
      expect(() => JSON.parse(text)).to.not.throw();
    });
  });
});
