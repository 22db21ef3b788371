/**
 * deploy/nginx.conf as shipped, with the real nginx (Debian's package): `nginx -t`, then real
 * requests over TLS through it to the built gateway. Only what a test machine must change is
 * changed — the listen address, the certificate and the gateway's port — each replaced exactly once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type FakeCognigy, startFakeCognigy } from "../support/fakeCognigy";
import { type GatewayProcess, startGatewayProcess } from "../support/gatewayProcess";
import { freePort } from "../support/ports";
import { type Daemon, runProgram, startDaemon } from "../support/programs";
import { exchange } from "../support/socketHttp";
import { expectGatewayBehindProxy, replaceOnce } from "./proxyChecks";

const ROOT = path.resolve(__dirname, "..", "..");
const SHIPPED = fs.readFileSync(path.join(ROOT, "deploy", "nginx.conf"), "utf8");
const TLS_DIR = path.join(ROOT, "test", "support", "tls");

function siteFor(listenPort: number, gatewayPort: number): string {
  let site = replaceOnce(SHIPPED, "listen 443 ssl;", `listen 127.0.0.1:${listenPort} ssl;`);
  site = replaceOnce(
    site,
    "/etc/letsencrypt/live/gateway.example.com/fullchain.pem",
    path.join(TLS_DIR, "localhost.cert.pem"),
  );
  site = replaceOnce(
    site,
    "/etc/letsencrypt/live/gateway.example.com/privkey.pem",
    path.join(TLS_DIR, "localhost.key.pem"),
  );
  return replaceOnce(site, "server 127.0.0.1:8080;", `server 127.0.0.1:${gatewayPort};`);
}

/** The main configuration a distribution's nginx.conf would be, in a temp dir, including the site. */
function mainConfig(dir: string): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  return `worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
daemon off;
events { worker_connections 64; }
http {
    access_log ${path.join(dir, "access.log")};
    ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((name) => temp(name)).join("\n    ")}
    include ${path.join(dir, "site.conf")};
}
`;
}

describe("deploy: nginx.conf with the real nginx", function () {
  this.timeout(60_000);
  let dir: string;
  let cognigy: FakeCognigy;
  let gateway: GatewayProcess;
  let nginx: Daemon | undefined;
  let conf: string;
  let listenPort: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-nginx-"));
    // nginx's workers drop root (to nobody) and still need to reach their temp folders.
    fs.chmodSync(dir, 0o755);
    cognigy = await startFakeCognigy();
    gateway = await startGatewayProcess({ cognigyEndpointUrl: cognigy.url });
    listenPort = await freePort();
    fs.writeFileSync(path.join(dir, "site.conf"), siteFor(listenPort, Number(new URL(gateway.origin).port)));
    conf = path.join(dir, "nginx.conf");
    fs.writeFileSync(conf, mainConfig(dir));
  });
  after(async () => {
    await nginx?.stop();
    await gateway?.stop();
    await cognigy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("has no version-specific HTTP/2 switch, so Debian 12's 1.22.1 and current nginx both load it", () => {
    expect(SHIPPED).not.to.match(/^\s*http2\b/m);
    expect(SHIPPED).not.to.match(/^\s*listen\b.*\bhttp2\b/m);
  });

  it("`nginx -t` accepts it, without a warning", async () => {
    const result = await runProgram("nginx", ["-t", "-e", path.join(dir, "error.log"), "-c", conf]);
    const said = result.stdout + result.stderr;
    expect(result.code, said).to.equal(0);
    expect(said).to.contain("syntax is ok");
    expect(said).not.to.match(/\[warn\]|\[emerg\]/);
  });

  it("passes /health and /handover/rce to the gateway over TLS, 404 elsewhere, the gateway's body limit", async () => {
    nginx = startDaemon("nginx", ["-e", path.join(dir, "error.log"), "-c", conf]);
    const origin = `https://127.0.0.1:${listenPort}`;
    const ca = fs.readFileSync(path.join(TLS_DIR, "localhost.cert.pem"), "utf8");
    const deadline = Date.now() + 10_000;
    while (
      !(await exchange({ origin, ca, path: "/health", timeoutMs: 500 }).then(
        () => true,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${nginx.output.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const over = await expectGatewayBehindProxy({ origin, ca });
    expect(over.headers.server, "nginx refuses the oversized body itself").to.match(/^nginx/);
    expect(gateway.alive()).to.equal(true);
  });
});
