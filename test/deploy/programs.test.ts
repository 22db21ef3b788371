/** A deploy test whose program is missing fails, naming the Debian package that installs it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { DEBIAN_PACKAGE, type Program, programPath } from "../support/programs";

describe("deploy: a missing program fails the test with its install command", () => {
  it("for each program the deploy tests run, never a silent pass", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-programs-"));
    try {
      for (const [program, debianPackage] of Object.entries(DEBIAN_PACKAGE))
        expect(() => programPath(program as Program, [empty])).to.throw(
          `sudo apt-get install ${debianPackage}`,
        );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
