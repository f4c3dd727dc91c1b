import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import { type AffectedPackage, DrydockError } from "../../src/model/index.js";
import { tempDir } from "../feeds/feed-test-helpers.js";
import { advisory, buildDb } from "./db-test-helpers.js";

/**
 * The batched reads matching uses: `candidates` (entries with the advisory's identity only),
 * `advisories` (detail by ref, parts left out on request) and `byIds` (many ids at once).
 * Each is checked against the single-shot reads it replaces (`find`, `byId`).
 */

const entry = (name: string, fixed: string, over: Partial<AffectedPackage> = {}): AffectedPackage => ({
  ecosystem: "apk",
  distro: "alpine:3.19",
  name,
  status: "affected",
  ranges: [{ scheme: "apk", introduced: "0", fixed }],
  fix: { state: "fixed", versions: [fixed] },
  ...over,
});

const cpe = [
  {
    nodes: [
      {
        operator: "OR" as const,
        cpeMatch: [{ vulnerable: true, criteria: "cpe:2.3:a:x:y:*:*:*:*:*:*:*:*" }],
      },
    ],
  },
];

describe("AdvisoryReader batched reads", () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, "batched.db");
  let reader: AdvisoryReader;

  before(async () => {
    await buildDb(file, {
      "alpine-secdb": [
        // Two entries for one package: their stored order must survive.
        advisory("CVE-2024-0002", { affected: [entry("musl", "1.2.4-r3"), entry("musl", "1.2.4-r1")] }),
        advisory("CVE-2024-0001", {
          aliases: ["GHSA-xxxx-yyyy-zzzz"],
          references: [{ url: "https://a/2" }, { url: "https://a/1", type: "FIX" }],
          affected: [entry("musl", "1.2.4-r2"), entry("busybox", "1.36.1-r6")],
        }),
      ],
      "osv:AlmaLinux": [
        advisory("ALSA-2024:0001", {
          related: ["CVE-2024-0001"],
          severities: [{ source: "osv:AlmaLinux", severity: "high" }],
          affected: [entry("musl", "1.2.4-r9", { distro: "almalinux:9", ecosystem: "rpm" })],
        }),
      ],
      "osv:PyPI": [
        advisory("PYSEC-9", {
          withdrawn: "2024-05-01T00:00:00Z",
          affected: [
            {
              ecosystem: "pypi",
              name: "musl",
              status: "affected",
              ranges: [{ scheme: "pep440", introduced: "0", fixed: "9" }],
              fix: { state: "fixed", versions: ["9"] },
            },
          ],
        }),
      ],
      "nvd:2016": [
        advisory("CVE-2024-0001", {
          modified: "2024-02-01T00:00:00Z",
          details: "Old text.",
          severities: [
            { source: "nvd", severity: "medium", vector: "CVSS:3.1/AV:L", cvssVersion: "3.1", score: 5 },
          ],
          cwes: ["CWE-787", "CWE-20"],
          references: [{ url: "https://nvd/1" }],
          cpeConfigurations: cpe,
        }),
      ],
      "nvd:modified": [advisory("cve-2024-0001", { modified: "2024-03-01T00:00:00Z", details: "New text." })],
      nvdx: [advisory("CVE-2024-0001", { details: "not an NVD provider" })],
    });
    reader = openAdvisoryReader(file);
  });

  after(() => {
    reader.close();
    cleanup();
  });

  const queries = [
    { ecosystem: "apk", distro: "alpine:3.19", name: "musl" },
    { ecosystem: "apk", distro: "alpine:3.19", name: "busybox" },
    { ecosystem: "rpm", distro: "almalinux:9", name: "musl" },
    { ecosystem: "apk", distro: "alpine:3.18", name: "musl" },
  ];

  it("candidates: find's entries, in find's order, with one shared identity per advisory", async () => {
    const candidates = await reader.candidates(queries);
    const hits = await reader.find(queries);
    assert.deepEqual(
      candidates.map((c) => [c.query, c.advisory.provider, c.advisory.id, c.affected]),
      hits.flatMap((h) => h.advisory.affected.map((af) => [h.query, h.advisory.provider, h.advisory.id, af])),
    );
    assert.deepEqual(
      candidates.map((c) => `${c.query} ${c.advisory.id} ${c.affected.fix.versions[0]}`),
      [
        "0 CVE-2024-0001 1.2.4-r2",
        "0 CVE-2024-0002 1.2.4-r3",
        "0 CVE-2024-0002 1.2.4-r1",
        "1 CVE-2024-0001 1.36.1-r6",
        "2 ALSA-2024:0001 1.2.4-r9",
      ],
    );
    assert.equal(candidates[0]!.advisory, candidates[3]!.advisory, "one identity object per advisory");
    assert.equal(candidates[0]!.ref, candidates[3]!.ref);
    assert.deepEqual(Object.keys(candidates[0]!.advisory).sort(), ["id", "provider"]);
    assert.deepEqual(await reader.candidates([]), []);
  });

  it("candidates: withdrawn advisories only when asked, with their withdrawal", async () => {
    const q = [{ ecosystem: "pypi", name: "musl" }];
    assert.deepEqual(await reader.candidates(q), []);
    const [c] = await reader.candidates(q, { includeWithdrawn: true });
    assert.deepEqual(c?.advisory, { id: "PYSEC-9", provider: "osv:PyPI", withdrawn: "2024-05-01T00:00:00Z" });
  });

  it("advisories: the detail find gives, once per ref, parts left out on request", async () => {
    const candidates = await reader.candidates(queries);
    const refs = candidates.map((c) => c.ref);
    const full = await reader.advisories(refs);
    assert.equal(full.size, 3);
    for (const hit of await reader.find(queries)) {
      const ref = candidates.find((c) => c.query === hit.query && c.advisory.id === hit.advisory.id)!.ref;
      const { affected: _a, ...detail } = full.get(ref)!;
      const { affected: _b, ...expected } = hit.advisory;
      assert.deepEqual(detail, expected);
    }
    const alsa = candidates.find((c) => c.advisory.id === "ALSA-2024:0001")!.ref;
    assert.deepEqual(full.get(alsa)?.related, ["CVE-2024-0001"]);
    assert.equal(full.get(alsa)?.affected.length, 1, "affected entries loaded unless omitted");
    const slim = await reader.advisories(refs, { omit: ["affected", "references", "cpeConfigurations"] });
    const cve1 = candidates[0]!.ref;
    assert.deepEqual(slim.get(cve1)?.references, []);
    assert.deepEqual(slim.get(cve1)?.affected, []);
    assert.deepEqual(slim.get(cve1)?.aliases, ["GHSA-xxxx-yyyy-zzzz"]);
    assert.deepEqual(slim.get(alsa)?.related, ["CVE-2024-0001"], "related survives without the CPE part");
    assert.deepEqual(await reader.advisories([]), new Map());
    assert.deepEqual(await reader.advisories([987654]), new Map(), "unknown refs are absent");
  });

  it("byIds: byId for many ids, by provider family, with or without aliases", async () => {
    const all = await reader.byIds(["cve-2024-0001", "CVE-2024-0001", "PYSEC-9"], { related: true });
    const one = [...(await reader.byId("CVE-2024-0001")), ...(await reader.byId("PYSEC-9"))]
      .map((d) => d.advisory)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.provider < b.provider ? -1 : 1));
    assert.deepEqual(all, one, "each advisory once, in id then provider order");
    assert.ok(all.some((a) => a.id === "CVE-2024-0001" && a.provider === "alpine-secdb"));
    const nvd = await reader.byIds(["CVE-2024-0001"], { providers: ["nvd"], aliases: false });
    assert.deepEqual(
      nvd.map((a) => `${a.provider} ${a.id}`),
      ["nvd:2016 CVE-2024-0001", "nvd:modified cve-2024-0001"],
      "nvd matches nvd:* but not nvdx",
    );
    assert.deepEqual(nvd[0]?.cpeConfigurations, cpe);
    assert.deepEqual(nvd[0]?.cwes, ["CWE-20", "CWE-787"]);
    const slim = await reader.byIds(["CVE-2024-0001"], {
      providers: ["nvd"],
      aliases: false,
      omit: ["references", "cpeConfigurations"],
    });
    assert.equal(slim[0]?.cpeConfigurations, undefined);
    assert.deepEqual(slim[0]?.references, []);
    assert.deepEqual(slim[0]?.severities, nvd[0]?.severities);
    const viaAlias = await reader.byIds(["ghsa-xxxx-yyyy-zzzz"]);
    assert.deepEqual(
      viaAlias.map((a) => a.id),
      ["CVE-2024-0001"],
    );
    assert.deepEqual(await reader.byIds(["ghsa-xxxx-yyyy-zzzz"], { aliases: false }), []);
    // AlmaLinux errata name their CVEs in OSV `related`: found by byId, and by byIds on request.
    const alsa = (await reader.byId("cve-2024-0001")).map((d) => `${d.advisory.provider} ${d.advisory.id}`);
    assert.ok(alsa.includes("osv:AlmaLinux ALSA-2024:0001"), alsa.join(", "));
    assert.deepEqual(
      (await reader.byIds(["CVE-2024-0001"])).map((a) => a.id).filter((id) => id.startsWith("ALSA")),
      [],
      "byIds reads `related` only when asked (it scans every record)",
    );
    assert.deepEqual(
      (await reader.byIds(["CVE-2024-0001"], { related: true, providers: ["osv:AlmaLinux"] })).map(
        (a) => a.id,
      ),
      ["ALSA-2024:0001"],
    );
    assert.deepEqual(await reader.byIds([]), []);
  });

  it("a damaged row is a database error, not a crash", async () => {
    const { dir: d2, cleanup: c2 } = tempDir();
    try {
      const broken = join(d2, "broken.db");
      await buildDb(broken, {
        "alpine-secdb": [advisory("CVE-2024-0003", { affected: [entry("zlib", "1.3-r0")] })],
      });
      const db = new Database(broken);
      db.prepare("UPDATE affected SET ranges = '[{\"scheme\":' WHERE name = 'zlib'").run();
      db.close();
      const r = openAdvisoryReader(broken);
      try {
        await assert.rejects(
          r.candidates([{ ecosystem: "apk", distro: "alpine:3.19", name: "zlib" }]),
          (e: unknown) =>
            e instanceof DrydockError && e.code === "DRYDOCK_DB_CORRUPT" && e.message.includes(broken),
        );
      } finally {
        r.close();
      }
    } finally {
      c2();
    }
  });
});
