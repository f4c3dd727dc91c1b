import assert from "node:assert/strict";
import { test } from "node:test";
import { parseExpiry } from "./parse-expiry.js";

test("a date-only expiry holds through that whole day (UTC)", () => {
  assert.equal(parseExpiry("2026-01-31")?.toISOString(), "2026-02-01T00:00:00.000Z");
  assert.equal(parseExpiry("2024-02-29")?.toISOString(), "2024-03-01T00:00:00.000Z");
  assert.equal(parseExpiry("2026-12-31")?.toISOString(), "2027-01-01T00:00:00.000Z");
});

test("an RFC 3339 expiry stops at that instant, zone applied", () => {
  assert.equal(parseExpiry("2026-01-31T08:30:00Z")?.toISOString(), "2026-01-31T08:30:00.000Z");
  assert.equal(parseExpiry("2026-01-31T08:30:00.250-05:00")?.toISOString(), "2026-01-31T13:30:00.250Z");
  assert.equal(parseExpiry("2026-01-31t08:30:00z")?.toISOString(), "2026-01-31T08:30:00.000Z");
});

test("anything else is not an expiry", () => {
  for (const bad of [
    "2026-02-29",
    "2026-13-01",
    "2026-1-5",
    "31/01/2026",
    "2026-01-31T08:30:00",
    "2026-01-31T25:00:00Z",
    "tomorrow",
    "",
  ]) {
    assert.equal(parseExpiry(bad), undefined, bad);
  }
});
