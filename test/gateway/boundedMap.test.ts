import { expect } from "chai";
import { BoundedMap } from "../../src/gateway/boundedMap";
import { MemorySendLedger } from "../../src/gateway/store";

/** The fastest of three runs of `cycles` set-then-delete cycles on a map holding nothing else, in ms. */
function setDeleteMs(map: BoundedMap<number>, cycles: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    for (let i = 0; i < cycles; i++) {
      map.set(`k${i}`, i);
      map.delete(`k${i}`);
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe("gateway/boundedMap: bounded in size and age, O(1) per operation", () => {
  it("deletes its last entry and keeps working: get, set, size, eviction when full", () => {
    const evicted: number[] = [];
    const map = new BoundedMap<number>(2, 60_000, undefined, (value) => evicted.push(value));
    map.set("a", 1);
    map.delete("b");
    expect(map.get("a"), "deleting an absent key leaves the only entry").to.equal(1);
    map.delete("a");
    expect(map.get("a")).to.equal(undefined);
    expect(map.size).to.equal(0);
    map.set("b", 2);
    map.set("c", 3);
    expect([map.get("b"), map.get("c"), map.size]).to.deep.equal([2, 3, 2]);
    map.set("d", 4);
    expect(map.get("b"), "least recently used, dropped when full").to.equal(undefined);
    expect(evicted, "a delete is not an eviction; a full map's drop is").to.deep.equal([2]);
    map.delete("c");
    map.delete("d");
    expect(evicted).to.deep.equal([2]);
    expect(map.size).to.equal(0);
  });

  it("deletes an only entry that has aged", () => {
    let now = 1_000;
    const map = new BoundedMap<number>(10, 100, () => now);
    map.set("a", 1);
    now += 500;
    map.delete("a");
    now -= 500;
    expect(map.get("a"), "gone, not merely aged").to.equal(undefined);
  });

  it("deleting the last entry costs the same in a map bounded at 50,000 as at 50 (lru-cache's own delete: about 50× as much)", () => {
    const small = setDeleteMs(new BoundedMap<number>(50, 60_000), 2000);
    const large = setDeleteMs(new BoundedMap<number>(50_000, 60_000), 2000);
    expect(large, `${large.toFixed(1)} ms at 50,000 against ${small.toFixed(1)} ms at 50`).to.be.below(
      Math.max(small, 0.5) * 10,
    );
  });

  it("the send ledger counts, undoes and forgets a message that is the only one it holds", async () => {
    const ledger = new MemorySendLedger(50_000);
    const key = { route: "notify" as const, message: "c-1" };
    expect(await ledger.begin(key)).to.equal(1);
    expect(await ledger.begin(key)).to.equal(2);
    await ledger.undo(key);
    expect(ledger.sent(key)).to.equal(1);
    await ledger.undo(key);
    expect([ledger.sent(key), ledger.size]).to.deep.equal([0, 0]);
    await ledger.begin(key);
    await ledger.forget(key);
    expect([ledger.sent(key), ledger.size]).to.deep.equal([0, 0]);
    expect(await ledger.begin(key), "counted afresh").to.equal(1);
  });
});
