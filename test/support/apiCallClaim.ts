/**
 * Keeps the node reference's claim about Cognigy api calls honest: after the whole run, the most
 * `api.*` calls any one execution of an extension node made (counted by the harness in every test
 * that ran a node) must not exceed the number the docs state, and must equal it once every node ran.
 * A mocha root hook (.mocharc.json requires this file).
 */
import fs from "node:fs";
import path from "node:path";
import { MOST_API_CALLS } from "../harness/runNode";

export const API_CALLS_DOC = path.resolve(__dirname, "..", "..", "docs", "nodes.md");
const CLAIM = /makes at most (\d+) Cognigy api calls/;
const EXTENSION_NODES = 7;

export const mochaHooks = {
  afterAll(): void {
    const ours = [...MOST_API_CALLS].filter(([type]) => type.startsWith("rce"));
    if (ours.length === 0) return;
    const claim = CLAIM.exec(fs.readFileSync(API_CALLS_DOC, "utf8"));
    if (!claim)
      throw new Error(`${path.basename(API_CALLS_DOC)} no longer says "makes at most N Cognigy api calls"`);
    const claimed = Number(claim[1]);
    const [type, most] = ours.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (most > claimed)
      throw new Error(
        `${type} made ${most} Cognigy api calls in one execution; the docs say at most ${claimed}`,
      );
    if (ours.length >= EXTENSION_NODES && most !== claimed)
      throw new Error(
        `the docs say at most ${claimed} Cognigy api calls, but no node made more than ${most} (${type})`,
      );
  },
};
