/**
 * deploy/Caddyfile as shipped (the README shows the same text), with the real Caddy (Debian's
 * package): `caddy validate`, then real requests over TLS through it to the built gateway. A test
 * machine changes only the site address (localhost on a free port, with Caddy's own local CA instead
 * of Let's Encrypt) and the gateway's port; every other line is the shipped file's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { readAllDocs } from "../support/docs";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { freePort } from "../support/ports";
import { type Daemon, runProgram, startDaemon } from "../support/programs";
import { exchange } from "../support/socketHttp";
import { expectGatewayBehindProxy, replaceOnce } from "./proxyChecks";

const ROOT = path.resolve(__dirname, "..", "..");
const SHIPPED = fs.readFileSync(path.join(ROOT, "deploy", "Caddyfile"), "utf8");

/** No admin endpoint, no port 80 redirect listener, no attempt to touch the system's trust store. */
const TEST_GLOBALS = "{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n}\n";

function testCaddyfile(listenPort: number, gatewayPort: number): string {
  const site = replaceOnce(
    SHIPPED,
    "gateway.example.com {",
    `https://localhost:${listenPort} {\n\tbind 127.0.0.1`,
  );
  return (
    TEST_GLOBALS + replaceOnce(site, "reverse_proxy 127.0.0.1:8080", `reverse_proxy 127.0.0.1:${gatewayPort}`)
  );
}

describe("deploy: Caddyfile with the real Caddy", function () {
  this.timeout(60_000);
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-caddy-"));
    // Caddy keeps its certificates and state under these; a temp dir keeps the machine's untouched.
    env = { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the README's Caddy snippet is deploy/Caddyfile, line for line", () => {
    const readme = readAllDocs();
    const block = /\n( *)```caddyfile\n([\s\S]*?)\n *```\n/.exec(readme);
    expect(block, "a ```caddyfile block in the README").to.not.equal(null);
    const indent = block?.[1] ?? "";
    const snippet = `${(block?.[2] ?? "")
      .split("\n")
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n")}\n`;
    const siteBlock = SHIPPED.slice(SHIPPED.indexOf("gateway.example.com {"));
    expect(snippet).to.equal(siteBlock);
  });

  it("`caddy validate` accepts the shipped file, formatted as `caddy fmt` wants", async () => {
    const result = await runProgram(
      "caddy",
      ["validate", "--config", path.join(ROOT, "deploy", "Caddyfile"), "--adapter", "caddyfile"],
      { env },
    );
    const said = result.stdout + result.stderr;
    expect(result.code, said).to.equal(0);
    expect(said).to.contain("Valid configuration");
    expect(said).not.to.contain("not formatted");
  });

  describe("running in front of the gateway", () => {
    let cognigy: FakeCognigy;
    let gateway: GatewayProcess;
    let caddy: Daemon;
    let origin: string;
    let ca: string;
    // Caddy routes by the Host asked for: the site's name, while the socket goes to 127.0.0.1.
    const serverName = "localhost";

    before(async () => {
      cognigy = await startFakeCognigy();
      gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
      const listenPort = await freePort();
      const file = path.join(dir, "Caddyfile");
      fs.writeFileSync(file, testCaddyfile(listenPort, Number(new URL(gateway.origin).port)));
      caddy = startDaemon("caddy", ["run", "--config", file, "--adapter", "caddyfile"], env);
      origin = `https://127.0.0.1:${listenPort}`;
      const root = path.join(dir, "caddy", "pki", "authorities", "local", "root.crt");
      const deadline = Date.now() + 15_000;
      for (;;) {
        if (fs.existsSync(root)) {
          ca = fs.readFileSync(root, "utf8");
          const up = await exchange({ origin, ca, serverName, path: "/health", timeoutMs: 500 }).then(
            (answer) => answer.status === 200,
            () => false,
          );
          if (up) break;
        }
        if (Date.now() > deadline) throw new Error(`caddy did not start: ${caddy.output.join("")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    after(async () => {
      await caddy?.stop();
      await gateway?.stop();
      await cognigy?.close();
    });

    it("passes /health and /handover/rce to the gateway, 404 elsewhere, the gateway's body limit", async () => {
      await expectGatewayBehindProxy({ origin, ca, serverName });
      expect(gateway.alive()).to.equal(true);
    });
  });
});
