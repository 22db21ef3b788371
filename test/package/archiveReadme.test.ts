/**
 * The README inside the uploaded archive is what Cognigy shows bot builders: what the nodes do, the
 * Flow, the branches, the settings, the Endpoints that work and where the gateway comes from —
 * short, and nothing of how this project is developed, tested or operated. (./build.sh ships it as
 * the archive's README.md and fails when the archive carries another: scripts/show-package.js.)
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..", "..");
const SOURCE = path.join(ROOT, "docs", "extension-readme.md");

/** Words of the developer's and operator's world a bot builder has no use for. */
const INTERNALS = [
  "src/",
  "test/",
  "bench",
  "npm ",
  "mocha",
  "simulator",
  "redis",
  "lru-cache",
  "fastify",
  "biome",
  "lint",
  "esbuild",
  "CHANGELOG",
  "p99",
  "RSS",
];

describe("package: the archive's README (what Cognigy shows bot builders)", () => {
  const text = fs.readFileSync(SOURCE, "utf8");

  it("is short: at most 12 KB", () => {
    expect(Buffer.byteLength(text)).to.be.at.most(12 * 1024);
  });

  it("mentions no development or operations internals", () => {
    const found = INTERNALS.filter((word) => text.toLowerCase().includes(word.toLowerCase()));
    expect(found, "words a bot builder has no use for").to.deep.equal([]);
  });

  it("covers what a builder needs: the nodes, the Flow's branches, the seven settings, the Endpoints, the gateway", () => {
    for (const node of [
      "Route to RCE",
      "Handover to RCE",
      "Send Message to RCE",
      "Lookup Queue Status",
      "End Handover",
      "Sync Profile",
      "Check RCE Setup",
    ])
      expect(text).to.contain(node);
    for (const setting of [
      "API Access Token",
      "Bot Category ID",
      "Agent Category ID",
      "Realtime Access Token",
      "Realtime Endpoint URL",
      "Webhook Secret",
      "Base API URL",
    ])
      expect(text).to.contain(setting);
    for (const branch of [
      "With the bot",
      "With agent",
      "Agent joined",
      "Agent closed",
      "Cancelled by user",
      "On error",
    ])
      expect(text).to.contain(branch);
    expect(text).to.contain("Inject & Notify");
    expect(text).to.contain("gateway");
  });
});
