/**
 * Contract test: every public method of EngageRestApi is driven against a loopback recorder (real
 * axios transport, real sockets), and every request it makes is checked against the table written
 * from RCE's OpenAPI spec (rceOperations.ts): method + path match exactly one entry, every query name
 * is declared, enum values are in the spec's enum, arrays go as `name[]`, limit ≤ 150, required
 * parameters are there, and the token travels in the Authorization header, never in the URL.
 *
 * The methods are enumerated from the prototype: a method added later without a driver here (and
 * so without a table entry for its request) fails. Every entry of RCE_USED_OPERATIONS must be hit by
 * some method; RCE_NEIGHBOUR_OPERATIONS are exempt from that (and must move to the used list once the
 * client calls them).
 */

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { createEngageClient } from "../../src/engage/client";
import type { EngageRestApi } from "../../src/engage/restApi";
import { AGENT_CATEGORY, BOT_CATEGORY, SECRETS, SOURCE_ID, validConnection } from "../support/fixtures";
import {
  checkParams,
  findOperations,
  MAX_LIMIT,
  RCE_NEIGHBOUR_OPERATIONS,
  RCE_OPERATIONS,
  RCE_USED_OPERATIONS,
  type RceOperation,
} from "./rceOperations";

interface Recorded {
  /** The EngageRestApi method whose driver made the request. */
  driver: string;
  method: string;
  /** Path below /1.0, without query. */
  path: string;
  rawPath: string;
  pairs: [string, string][];
  headers: IncomingMessage["headers"];
  body: string;
}

// ----- recorder -----

/** How many records every collection pretends to hold (more than one page of 150). */
const TOTAL_RECORDS = 320;

function answerFor(op: RceOperation | undefined, pairs: [string, string][]): [number, unknown] {
  if (!op) return [404, { error: "not_found", message: "not in the contract table", status: 404 }];
  switch (op.answer) {
    case "object":
      return [200, { id: "r1" }];
    case "array":
      return [200, [{ agent_id: "u1", channels: [] }]];
    case "map":
      return [200, { [SOURCE_ID]: ["read", "reply"] }];
    case "list": {
      const get = (name: string) => pairs.find(([n]) => n === name)?.[1];
      const offset = Number(get("offset") ?? 0);
      const limit = Math.min(Number(get("limit") ?? 30), MAX_LIMIT);
      const size = Math.max(0, Math.min(limit, TOTAL_RECORDS - offset));
      const records = Array.from({ length: size }, (_, i) => ({ id: `r${offset + i}` }));
      return [200, { count: TOTAL_RECORDS, offset, limit, records }];
    }
  }
}

async function startRecorder(
  log: Recorded[],
  current: () => string,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawPath = req.url ?? "";
      const [pathPart, queryPart = ""] = rawPath.split("?", 2) as [string, string?];
      const path = pathPart.startsWith("/1.0/") ? pathPart.slice(4) : pathPart;
      const pairs = [...new URLSearchParams(queryPart)] as [string, string][];
      const method = req.method ?? "";
      log.push({
        driver: current(),
        method,
        path,
        rawPath,
        pairs,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const matches = findOperations(method, path);
      const [status, body] = answerFor(matches.length === 1 ? matches[0] : undefined, pairs);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// ----- drivers: every public method, with every value its signature admits for enum-like params -----

type Driver = (api: EngageRestApi) => Promise<unknown>;

/** `values` must list every member of the union T (a new member fails to compile here). */
function allOf<T extends string>() {
  return <const A extends readonly T[]>(
    values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> }),
  ): A => values;
}

type InterventionStatus = NonNullable<Parameters<EngageRestApi["listInterventions"]>[0]["status"]>;
type Gender = NonNullable<Parameters<EngageRestApi["updateIdentityGroup"]>[1]["gender"]>;

const INTERVENTION_STATUSES = allOf<InterventionStatus>()([
  "active",
  "closed",
  "deferred",
  "opened",
  "reopened",
]);
const GENDERS = allOf<Gender>()(["man", "woman"]);

/** Paging as callers pass it: none, a first page, a later page, and an oversize limit to be capped. */
const PAGES = [undefined, { limit: 1 }, { offset: 150, limit: 150 }, { offset: 0, limit: 1000 }];

const many =
  (make: (api: EngageRestApi) => Promise<unknown>[]): Driver =>
  (api) =>
    Promise.all(make(api));

const DRIVERS: Record<string, Driver> = {
  findThread: many((api) => [api.findThread("session-1"), api.findThread('a "b" c')]),
  getThread: (api) => api.getThread("t1"),
  updateThreadCategories: many((api) => [
    api.updateThreadCategories("t1", [AGENT_CATEGORY, "x1", AGENT_CATEGORY]),
    api.updateThreadCategories("t1", []),
  ]),
  listInterventions: many((api) => [
    ...INTERVENTION_STATUSES.map((status) => api.listInterventions({ thread_id: "t1", status })),
    api.listInterventions({ identity_id: "i1", user_id: "u1" }, { offset: 10, limit: 500 }),
    api.listInterventions({}),
  ]),
  closeIntervention: (api) => api.closeIntervention("iv1"),
  cancelIntervention: (api) => api.cancelIntervention("iv1"),
  updateInterventionCustomFields: (api) =>
    api.updateInterventionCustomFields("iv1", { priority_level: "high", topic: "returns" }),
  createInterventionComment: (api) =>
    api.createInterventionComment({ intervention_id: "iv1", user_id: "u1", body: "Summary: parcel late" }),
  listCustomFields: many((api) => PAGES.map((p) => api.listCustomFields(p))),
  findIdentitiesByForeignId: (api) => api.findIdentitiesByForeignId("session-1"),
  updateIdentityGroup: many((api) => [
    ...GENDERS.map((gender) =>
      api.updateIdentityGroup("g1", {
        firstname: "Ada",
        lastname: "Lovelace",
        company: "ACME",
        gender,
        emails: ["ada@example.com", "a@example.org"],
        home_phones: ["+331"],
        mobile_phones: [],
        notes: "n",
        custom_field_values: { plan: "gold", tier: "2" },
      }),
    ),
    api.updateIdentityGroup("g1", {}),
  ]),
  getCategory: (api) => api.getCategory(BOT_CATEGORY),
  listCategories: many((api) => [
    api.listCategories({ ids: [BOT_CATEGORY, AGENT_CATEGORY] }),
    api.listCategories({ parent_id: BOT_CATEGORY }, { limit: 150 }),
    api.listCategories({}),
  ]),
  getSource: many((api) => [api.getSource(), api.getSource("s2")]),
  getSourcesPermissions: (api) => api.getSourcesPermissions("u1"),
  getUser: (api) => api.getUser("u1"),
  listUsers: many((api) => [
    api.listUsers({ category_id: AGENT_CATEGORY }, { limit: 150 }),
    api.listUsers({ identity_id: "i1" }, { limit: 50 }),
    api.listUsers({}),
  ]),
  getAgentStatuses: many((api) => [
    api.getAgentStatuses(),
    api.getAgentStatuses({ source_ids: [SOURCE_ID], category_ids: [AGENT_CATEGORY, BOT_CATEGORY] }),
    api.getAgentStatuses({ source_ids: [] }),
    api.getAgentStatuses({ source_ids: [SOURCE_ID], spoken_languages: ["de"] }),
  ]),
  listTasks: many((api) => [
    api.listTasks({ queue: "global" }, { limit: 150 }),
    api.listTasks({ queue: "workbins", channel_id: "c1" }, { offset: 30 }),
    api.listTasks({}),
  ]),
  listWebhooks: many((api) => PAGES.map((p) => api.listWebhooks(p))),
  // Admin writes (npm run setup-rce).
  createCategory: many((api) => [
    api.createCategory({ name: "Cognigy" }),
    api.createCategory({ name: "Bot", parent_id: BOT_CATEGORY }),
  ]),
  updateSourceDefaultCategories: many((api) => [
    api.updateSourceDefaultCategories([BOT_CATEGORY, BOT_CATEGORY]),
    api.updateSourceDefaultCategories([], "s2"),
  ]),
  updateSourcesPermissions: many((api) => [
    api.updateSourcesPermissions("u1", { [SOURCE_ID]: ["read", "reply", "approval_threshold_50", "read"] }),
    api.updateSourcesPermissions("u2", { [SOURCE_ID]: ["read"], s2: ["read", "reply"] }),
  ]),
  createWebhook: many((api) => [
    api.createWebhook({
      url: "https://gateway.example.com/handover/rce",
      registered_events: ["intervention.closed"],
      verify_token: "v",
      secret: "s",
      active: false,
      name: "Cognigy handover",
    }),
    api.createWebhook({
      url: "https://gateway.example.com/x",
      registered_events: ["intervention.closed", "task.created"],
    }),
  ]),
  updateWebhook: many((api) => [
    api.updateWebhook("w1", { active: true }),
    api.updateWebhook("w1", {
      url: "https://gateway.example.com/handover/rce",
      registered_events: ["intervention.closed", "content.imported"],
      verify_token: "v",
      secret: "s",
      active: true,
    }),
  ]),
  // The pager: drives list methods over several pages (limit must stay ≤ 150 on each).
  collect: many((api) => [
    api.collect((p) => api.listInterventions({ thread_id: "t1" }, p)),
    api.collect((p) => api.listUsers({ category_id: AGENT_CATEGORY }, p), 200),
  ]),
};

/** On the prototype but not public API (TypeScript `private`): not driven. */
const PRIVATE_METHODS = new Set(["constructor", "call", "searchKeywords"]);

function publicMethods(api: EngageRestApi): string[] {
  const proto = Object.getPrototypeOf(api) as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => !PRIVATE_METHODS.has(name) && typeof proto[name] === "function")
    .sort();
}

// ----- the test -----

describe("contract: EngageRestApi requests against RCE's OpenAPI spec", () => {
  const log: Recorded[] = [];
  const failures = new Map<string, string>();
  let methods: string[] = [];
  let server: Server | undefined;

  before(async () => {
    let current = "";
    const recorder = await startRecorder(log, () => current);
    server = recorder.server;
    const client = createEngageClient(validConnection({ baseApiUrl: recorder.url }), {
      retry: { baseDelayMs: 1, maxDelayMs: 2, rateLimitDelayMs: 1 },
      requestTimeoutMs: 2000,
    });
    methods = publicMethods(client.rest);
    for (const name of methods) {
      const driver = DRIVERS[name];
      if (!driver) continue;
      current = name;
      try {
        await driver(client.rest);
      } catch (error) {
        failures.set(name, error instanceof Error ? error.message : String(error));
      }
    }
  });

  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  describe("the table", () => {
    it("has one entry per method + path and unique operationIds", () => {
      const keys = RCE_OPERATIONS.map((op) => `${op.method} ${op.path}`);
      expect(new Set(keys).size, "duplicate method + path").to.equal(keys.length);
      const ids = RCE_OPERATIONS.map((op) => op.operationId);
      expect(new Set(ids).size, "duplicate operationId").to.equal(ids.length);
    });

    it("matches each entry's own path (ids filled in) to that entry only", () => {
      for (const op of RCE_OPERATIONS) {
        const concrete = op.path.replace(/\{[^}]+\}/g, "abc123");
        expect(findOperations(op.method, concrete), `${op.method} ${concrete}`).to.deep.equal([op]);
      }
    });

    it("writes arrays as name[] and nothing else with a trailing []", () => {
      for (const op of RCE_OPERATIONS) {
        for (const param of op.query) {
          expect(param.kind === "array", `${op.operationId} ${param.name}`).to.equal(
            param.name.endsWith("[]"),
          );
        }
      }
    });

    it("keeps neighbours apart from the operations in use", () => {
      const used = new Set(RCE_USED_OPERATIONS);
      expect(RCE_NEIGHBOUR_OPERATIONS.filter((op) => used.has(op))).to.deep.equal([]);
    });
  });

  describe("the checker (so a passing contract means something)", () => {
    const problems = (method: string, path: string, pairs: [string, string][], bearer = true) => {
      const [op] = findOperations(method, path);
      if (!op) throw new Error(`${method} ${path} not in the table`);
      return checkParams(op, pairs, { bearer }).map((p) => `${p.kind} ${p.name}`);
    };

    it("flags unknown names, enum values, bare array names, repeats, limit > 150 and a missing token", () => {
      expect(problems("GET", "/content_sources", [["permission", "reply"]])).to.deep.equal([
        "enum permission",
      ]);
      expect(
        problems("GET", "/interventions", [
          ["status", "open"],
          ["foo", "1"],
        ]),
      ).to.deep.equal(["enum status", "unknown_name foo"]);
      expect(
        problems("PUT", "/content_threads/t1/update_categories", [["thread_category_ids", "a"]]),
      ).to.deep.equal(["array_name thread_category_ids"]);
      expect(
        problems("GET", "/contents", [
          ["limit", "151"],
          ["offset", "x"],
        ]),
      ).to.deep.equal(["range limit", "type offset"]);
      expect(
        problems("GET", "/tasks", [
          ["queue", "a"],
          ["queue", "b"],
        ]),
      ).to.deep.equal(["duplicate queue"]);
      expect(problems("GET", "/webhooks", [], false)).to.deep.equal(["required access_token"]);
      expect(problems("PUT", "/users/u1/sources_permissions", [["s1", "read,admin"]])).to.deep.equal([
        "described s1",
      ]);
    });

    it("accepts what the spec allows: hashes with free keys, empty x[]=, identity_id as one value or x[]", () => {
      expect(
        problems("PUT", "/identity_groups/g1", [
          ["custom_field_values[plan]", "gold"],
          ["custom_field_values[tier]", "2"],
          ["emails[]", ""],
        ]),
      ).to.deep.equal([]);
      expect(
        problems("GET", "/interventions", [
          ["identity_id[]", "a"],
          ["identity_id[]", "b"],
        ]),
      ).to.deep.equal([]);
      expect(problems("GET", "/interventions", [["identity_id", "a"]])).to.deep.equal([]);
      expect(problems("GET", "/webhooks", [["access_token", "t"]], false)).to.deep.equal([]);
    });
  });

  describe("the client", () => {
    it("has a driver here for every public method (a new method needs a driver and a table entry)", () => {
      const missing = methods.filter((name) => !DRIVERS[name]);
      expect(missing, "EngageRestApi methods without a driver in restContract.test.ts").to.deep.equal([]);
      const stale = Object.keys(DRIVERS).filter((name) => !methods.includes(name));
      expect(stale, "drivers for methods EngageRestApi no longer has").to.deep.equal([]);
    });

    it("completes every driven call against the recorder's minimal valid answers", () => {
      expect(Object.fromEntries(failures)).to.deep.equal({});
      for (const name of methods.filter((n) => DRIVERS[n])) {
        expect(
          log.some((r) => r.driver === name),
          `${name} made no request`,
        ).to.equal(true);
      }
    });

    it("sends every request to exactly one table entry, below /1.0", () => {
      const problems: string[] = [];
      for (const r of log) {
        if (!r.rawPath.startsWith("/1.0/"))
          problems.push(`${r.driver}: ${r.method} ${r.rawPath} is not below /1.0`);
        const matches = findOperations(r.method, r.path);
        if (matches.length !== 1)
          problems.push(
            `${r.driver}: ${r.method} ${r.path} matches ${matches.length} table entries (${matches.map((m) => m.operationId).join(", ") || "none"})`,
          );
      }
      expect(problems).to.deep.equal([]);
    });

    it("uses only declared query names, enum values from the spec, name[] for arrays, limit ≤ 150, required params", () => {
      const problems: string[] = [];
      for (const r of log) {
        const [op] = findOperations(r.method, r.path);
        if (!op) continue;
        const bearer = /^Bearer \S+$/.test(String(r.headers.authorization ?? ""));
        for (const problem of checkParams(op, r.pairs, { bearer }))
          problems.push(`${r.driver}: ${problem.message}`);
      }
      expect([...new Set(problems)]).to.deep.equal([]);
    });

    it("puts every parameter in the query (no body) and the token in the Authorization header only", () => {
      for (const r of log) {
        const where = `${r.driver}: ${r.method} ${r.rawPath}`;
        expect(r.headers.authorization, where).to.equal(`Bearer ${SECRETS.apiAccessToken}`);
        expect(r.rawPath, where).not.to.include(SECRETS.apiAccessToken);
        expect(
          r.pairs.map(([name]) => name),
          where,
        ).not.to.include("access_token");
        expect(r.body, where).to.equal("");
      }
    });

    it("calls every operation of RCE_USED_OPERATIONS (neighbours exempt) and no neighbour", () => {
      const hit = new Set(log.flatMap((r) => findOperations(r.method, r.path)));
      const uncalled = RCE_USED_OPERATIONS.filter((op) => !hit.has(op)).map(
        (op) => `${op.method} ${op.path} (${op.operationId})`,
      );
      expect(
        uncalled,
        "table entries no client method calls: remove them or move them to the neighbours",
      ).to.deep.equal([]);
      const calledNeighbours = RCE_NEIGHBOUR_OPERATIONS.filter((op) => hit.has(op)).map(
        (op) =>
          `${op.method} ${op.path} (${op.operationId}) by ${[...new Set(log.filter((r) => findOperations(r.method, r.path)[0] === op).map((r) => r.driver))].join(", ")}`,
      );
      expect(
        calledNeighbours,
        "neighbours the client now calls: move them to RCE_USED_OPERATIONS",
      ).to.deep.equal([]);
    });

    it("pages with collect() in steps of at most 150", () => {
      const pages = log.filter((r) => r.driver === "collect");
      expect(pages.length).to.be.greaterThan(2);
      for (const r of pages) {
        const limit = r.pairs.find(([name]) => name === "limit")?.[1];
        expect(Number(limit), r.rawPath).to.be.within(1, MAX_LIMIT);
      }
    });
  });
});
