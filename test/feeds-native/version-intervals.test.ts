import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  complementIntervals,
  type Interval,
  intersectIntervals,
  intervalsToRanges,
  normaliseIntervals,
} from "../../src/feeds/native/version-intervals.js";

/** Plain numeric order on dotted versions, enough to test the algebra. */
const compare = (a: string, b: string): number => {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};
const closedOpen = (lower: string, upper: string): Interval => ({
  lower: { version: lower, inclusive: true },
  upper: { version: upper, inclusive: false },
});

describe("version intervals", () => {
  it("normalises: drops empty intervals, sorts and merges overlapping or touching ones", () => {
    assert.deepEqual(
      normaliseIntervals(
        [
          closedOpen("3", "4"),
          closedOpen("1", "2"),
          closedOpen("2", "2.5"),
          closedOpen("5", "5"),
          closedOpen("3.5", "3.7"),
        ],
        compare,
      ),
      [closedOpen("1", "2.5"), closedOpen("3", "4")],
    );
  });

  it("complements with flipped inclusivity at each bound", () => {
    assert.deepEqual(complementIntervals([closedOpen("1", "2")], compare), [
      { upper: { version: "1", inclusive: false } },
      { lower: { version: "2", inclusive: true } },
    ]);
    assert.deepEqual(complementIntervals([], compare), [{}]);
    assert.deepEqual(complementIntervals([{}], compare), []);
    assert.deepEqual(complementIntervals([{ upper: { version: "1", inclusive: true } }], compare), [
      { lower: { version: "1", inclusive: false } },
    ]);
  });

  it("intersects pairwise", () => {
    assert.deepEqual(
      intersectIntervals([closedOpen("1", "5")], [closedOpen("0", "2"), closedOpen("4", "9")], compare),
      [closedOpen("1", "2"), closedOpen("4", "5")],
    );
  });

  it("writes events, and refuses an exclusive lower bound", () => {
    assert.deepEqual(
      intervalsToRanges(
        [
          { upper: { version: "1", inclusive: false } },
          { lower: { version: "2", inclusive: true }, upper: { version: "3", inclusive: true } },
          { lower: { version: "4", inclusive: true } },
        ],
        "gem",
      ),
      [
        { scheme: "gem", introduced: "0", fixed: "1" },
        { scheme: "gem", introduced: "2", lastAffected: "3" },
        { scheme: "gem", introduced: "4" },
      ],
    );
    assert.equal(intervalsToRanges([{ lower: { version: "1", inclusive: false } }], "gem"), undefined);
  });
});
