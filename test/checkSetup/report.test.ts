import { expect } from "chai";
import {
  cannotCheck,
  clip,
  fail,
  formatCheck,
  formatReport,
  pass,
  summarise,
} from "../../src/nodes/checkSetup/report";

const head = { id: "source", title: "SDK source", steps: [3] };
const stats = { rceRequests: 7, durationMs: 12, checkedAt: "2026-11-25T10:00:00.000Z" };

describe("checkSetup/report: lines and summary", () => {
  it("prints one aligned line per check, failures with the step that fixes them", () => {
    expect(formatCheck(pass(head, "active."))).to.equal("pass          SDK source (step 3): active.");
    expect(formatCheck(cannotCheck({ ...head, steps: [4, 8] }, "why."))).to.equal(
      "cannot check  SDK source (steps 4, 8): why.",
    );
    expect(formatCheck(fail(head, "inactive.", { step: 3, action: "Switch Active on." }))).to.equal(
      "fail          SDK source (step 3): inactive. Fix (step 3): Switch Active on.",
    );
  });

  it("passes only when every check RCE can show passed; by-design 'cannot check' lines do not count", () => {
    const passed = summarise([pass(head, "ok"), cannotCheck(head, "never shown by RCE", true)], stats);
    expect(passed).to.include({ status: "passed", rceRequests: 7 });
    expect(passed.counts).to.deep.equal({ pass: 1, fail: 0, cannotCheck: 1 });
    const unverified = summarise([pass(head, "ok"), cannotCheck(head, "RCE answered 403")], stats);
    expect(unverified.status, "a check RCE refused right now is not a pass").to.equal("failed");
    const failed = summarise([pass(head, "ok"), fail(head, "no", { step: 3, action: "do" })], stats);
    expect(failed.status).to.equal("failed");
    expect(formatReport(failed).split("\n")[0]).to.equal("RCE setup check: 1 pass, 1 fail, 0 cannot check.");
  });

  it("keeps details on one short line", () => {
    expect(clip("a\n  b")).to.equal("a b");
    const long = clip("x".repeat(1000));
    expect(long).to.have.length(400);
    expect(long.endsWith("…")).to.equal(true);
  });
});
