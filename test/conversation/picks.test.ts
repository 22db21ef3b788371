import { expect } from "chai";
import { decodePick, encodePick, PICK_PREFIX } from "../../src/conversation/picks";

describe("conversation/picks: a choice of the agent's structured message, carried by the user's input", () => {
  it("round-trips title, payload and the agent message's id", () => {
    const pick = { title: "Refund", payload: "REFUND", replyTo: "cgy1.a.b.c.agent-x" };
    expect(decodePick(encodePick(pick))).to.deep.equal(pick);
    expect(decodePick(encodePick({ title: "Ok", replyTo: "id" }))).to.deep.equal({
      title: "Ok",
      replyTo: "id",
    });
  });

  it("is no pick for typed text, bad encodings, wrong types or oversized fields", () => {
    const enc = (value: unknown) =>
      `${PICK_PREFIX}${Buffer.from(JSON.stringify(value)).toString("base64url")}`;
    for (const text of [
      "Refund",
      `${PICK_PREFIX}`,
      `${PICK_PREFIX}not base64!`,
      `${PICK_PREFIX}${Buffer.from("not json").toString("base64url")}`,
      enc(["array"]),
      enc({ t: 1, r: "id" }),
      enc({ t: "Ok" }),
      enc({ t: "Ok", r: "id", p: 5 }),
      enc({ t: "x".repeat(351), r: "id" }),
      enc({ t: "Ok", r: "id", p: "x".repeat(1001) }),
      `${PICK_PREFIX}${"A".repeat(4001)}`,
    ])
      expect(decodePick(text), text.slice(0, 40)).to.equal(undefined);
  });
});
