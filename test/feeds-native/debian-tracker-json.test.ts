import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { debianTrackerJsonImporter } from "../../src/ecosystems/deb/feeds/debian-tracker-json-importer.js";
import { streamJsonMembers } from "../../src/ecosystems/deb/feeds/stream-json-members.js";
import { isDrydockError } from "../../src/model/errors.js";
import { byId, importFile, parseWith, tempDir } from "./native-test-helpers.js";

const workspace = tempDir();
after(() => workspace.cleanup());
mkdirSync(join(workspace.dir, "debian-tracker"), { recursive: true });

/** The tracker's documented shape: package → CVE → releases → codename → status. */
const tracker = {
  openssl: {
    "CVE-2023-0286": {
      description: "X.400 address type confusion in X.509 GeneralName",
      scope: "remote",
      debianbug: 1031267,
      releases: {
        bookworm: {
          status: "resolved",
          repositories: { bookworm: "3.0.9-1" },
          fixed_version: "3.0.8-1",
          urgency: "not yet assigned",
        },
        bullseye: {
          status: "resolved",
          repositories: { bullseye: "1.1.1n-0+deb11u4" },
          fixed_version: "1.1.1n-0+deb11u4",
          urgency: "high",
        },
        buster: {
          status: "open",
          repositories: { buster: "1.1.1n-0+deb10u3" },
          urgency: "low*",
          nodsa: "Minor issue",
          nodsa_reason: "postponed",
        },
        stretch: { status: "open", repositories: {}, urgency: "end-of-life" },
        sid: {
          status: "resolved",
          repositories: { sid: "3.0.9-1" },
          fixed_version: "0",
          urgency: "unimportant",
        },
      },
    },
    "TEMP-0000000-ABCDEF": {
      releases: {
        trixie: { status: "undetermined", repositories: {}, urgency: "not yet assigned" },
        bookworm: {
          status: "open",
          repositories: {},
          urgency: "medium",
          nodsa: "Minor issue",
          nodsa_reason: "ignored",
        },
        bullseye: { status: "open", repositories: {}, urgency: "medium", nodsa: "" },
        buster: { status: "open", repositories: {}, urgency: "medium" },
      },
    },
  },
  "bad-package": ["not", "an", "object"],
  curl: {
    "CVE-2023-0001": { releases: { bookworm: { status: "frozen" }, atlantis: { status: "open" } } },
    "CVE-2023-0002": {
      description: "ok",
      releases: { bookworm: { status: "resolved", fixed_version: "7.88.1-1" } },
    },
  },
};

describe("Debian security tracker JSON", () => {
  it("maps statuses, urgencies and no-dsa reasons per release the way the tracker means them", async () => {
    writeFileSync(join(workspace.dir, "debian-tracker/json"), JSON.stringify(tracker, null, 1));
    const run = await importFile(debianTrackerJsonImporter, workspace.dir, "debian-tracker/json");
    assert.equal(run.count, 4, "one record per package and issue (bad-package has none to count)");
    const [cve] = byId(run, "CVE-2023-0286");
    assert.equal(cve?.details, "X.400 address type confusion in X.509 GeneralName");
    assert.ok(cve?.references.some((r) => r.url === "https://bugs.debian.org/1031267"));
    const rows = cve?.affected.map((a) => [
      a.distro,
      a.status,
      a.ranges[0]?.fixed,
      a.fix.state,
      a.severity?.severity,
      a.note,
    ]);
    assert.deepEqual(rows, [
      ["debian:12", "affected", "3.0.8-1", "fixed", undefined, undefined],
      ["debian:11", "affected", "1.1.1n-0+deb11u4", "fixed", "high", undefined],
      ["debian:10", "affected", undefined, "fix-deferred", "low", "no-dsa (postponed): Minor issue"],
      ["debian:9", "affected", undefined, "end-of-life", undefined, undefined],
      [
        "debian:unstable",
        "not-affected",
        undefined,
        "unknown",
        "negligible",
        "not affected (the tracker's fixed_version is 0); unimportant",
      ],
    ]);
    assert.ok(
      cve?.affected.every((a) => a.name === "openssl" && a.nameKind === "source" && a.ecosystem === "deb"),
    );
    const temp = byId(run, "TEMP-0000000-ABCDEF")[0]?.affected.map((a) => [a.distro, a.fix.state]);
    assert.deepEqual(temp, [
      ["debian:13", "unknown"],
      ["debian:12", "wont-fix"],
      ["debian:11", "fix-deferred"],
      ["debian:10", "not-fixed"],
    ]);
  });

  it("reports malformed packages, issues and releases, and keeps the rest", async () => {
    writeFileSync(join(workspace.dir, "debian-tracker/json"), JSON.stringify(tracker));
    const run = await importFile(debianTrackerJsonImporter, workspace.dir, "debian-tracker/json");
    assert.deepEqual(
      run.diagnostics.map((d) => d.message),
      [
        "package bad-package: is not an object of issues",
        'package curl: CVE-2023-0001 in bookworm: unknown status "frozen"',
        'package curl: CVE-2023-0001: unknown release "atlantis"',
      ],
    );
    assert.equal(byId(run, "CVE-2023-0002")[0]?.affected[0]?.ranges[0]?.fixed, "7.88.1-1");
  });

  it("reads a gzip copy, and refuses a cut one with DRYDOCK_FEED_UNREADABLE naming it", async () => {
    const text = JSON.stringify(tracker);
    writeFileSync(join(workspace.dir, "debian-tracker/json.gz"), gzipSync(text));
    const run = await importFile(debianTrackerJsonImporter, workspace.dir, "debian-tracker/json.gz");
    assert.equal(run.count, 4);
    const cut = join(workspace.dir, "debian-tracker/json");
    writeFileSync(cut, text.slice(0, text.length - 40));
    await assert.rejects(
      parseWith(debianTrackerJsonImporter, "debian-tracker-json", [cut]),
      (error: unknown) => {
        assert.ok(isDrydockError(error));
        assert.equal(error.code, "DRYDOCK_FEED_UNREADABLE");
        assert.match(error.message, /debian-tracker\/json.*ends before its root object closes/);
        return true;
      },
    );
  });

  it("does not claim other JSON files", async () => {
    writeFileSync(join(workspace.dir, "debian-tracker/json"), '[{"id": "GHSA-1"}]');
    assert.equal(
      await debianTrackerJsonImporter.detect(
        join(workspace.dir, "debian-tracker/json"),
        "debian-tracker/json",
      ),
      undefined,
    );
  });
});

describe("streamJsonMembers", () => {
  it("splits members the same wherever the chunks are cut", async () => {
    const text = JSON.stringify({ a: { 'x"}': [1, { y: "]}," }] }, "b\\": "s", c: 3, d: null, e: [] });
    const expected = Object.entries(JSON.parse(text) as Record<string, unknown>);
    for (let cut = 1; cut < text.length; cut++) {
      const chunks = [text.slice(0, cut), text.slice(cut)];
      const members: [string, unknown][] = [];
      for await (const m of streamJsonMembers(toAsync(chunks))) {
        assert.ok("value" in m, `cut at ${cut}`);
        members.push([m.key, m.value]);
      }
      assert.deepEqual(members, expected, `cut at ${cut}`);
    }
  });

  it("reports a member that is not JSON and goes on", async () => {
    const members = [];
    for await (const m of streamJsonMembers(toAsync(['{"a": tru, "b": 1}']))) members.push(m);
    assert.equal(members.length, 2);
    assert.ok("error" in (members[0] ?? {}));
    assert.deepEqual(members[1], { key: "b", value: 1 });
  });
});

async function* toAsync(chunks: string[]): AsyncGenerator<string> {
  yield* chunks;
}
