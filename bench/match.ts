/**
 * Matching alone: synthetic SBOMs of 1,000 and 10,000 packages, drawn from the names the
 * advisory database knows (every ecosystem drydock catalogs, OS packages with their distro
 * release), matched with the real matchers against the full database. Prints, per size, the
 * match time (batched candidate queries + pure judging + detail of the advisories judged
 * affected + merging), the enrichment time (NVD ratings, severity, EPSS/KEV, each one batched
 * query), their total, queries, round trips and findings, and for contrast the time of
 * one-query-per-package lookups. The last line is JSON for bench/lib/match-bench.ts.
 * A stress case: half the packages sit far below every fix, so 10,000 packages give ~10^5
 * candidates and ~8 * 10^4 findings (vendor bulletins split into one finding per CVE).
 *
 *   node dist/bin/drydock.js db import ../shared/vulndata --db /tmp/full.db   (or via tsx)
 *   node --import tsx bench/match.ts --db /tmp/full.db [--packages N] [--compare]
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { matcherEntries } from "../src/app/scan.js";
import { openAdvisoryReader } from "../src/db/index.js";
import { enrichFindings } from "../src/enrich/index.js";
import { matchSbom } from "../src/match/index.js";
import { ecosystemTypes, type Package, type PackageType, type Sbom } from "../src/model/index.js";

const types = ecosystemTypes;
const lowVersion: Record<string, string> = {
  apk: "0.1-r0",
  deb: "0.1-1",
  rpm: "0.1-1.el9",
  golang: "v0.0.1",
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A deterministic PRNG (mulberry32), so every run draws the same packages. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Key {
  ecosystem: string;
  distro: string | null;
  name: string;
  fix: string | null;
}

/** Package keys the database holds, one row per (ecosystem, distro, name) with one of its fixes. */
function sampleKeys(db: string, count: number): Key[] {
  const sqlite = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite
      .prepare(
        `SELECT ecosystem, distro, package_name AS name, max(fix_versions ->> '$[0]') AS fix FROM affected
         WHERE ecosystem IN (${types.map(() => "?").join(",")}) GROUP BY ecosystem, distro, package_name`,
      )
      .all(...types) as Key[];
    const rand = prng(20241128);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    return rows.slice(0, count);
  } finally {
    sqlite.close();
  }
}

/** Half of the packages sit at a fixed version (not affected), half far below (affected). */
function syntheticSbom(keys: Key[]): Sbom {
  const packages: Package[] = keys.map((k, i) => {
    const version = i % 2 === 0 && k.fix ? k.fix : (lowVersion[k.ecosystem] ?? "0.0.1");
    const p: Package = {
      id: `bench-${i}`,
      name: k.name,
      version,
      type: k.ecosystem as PackageType,
      purl: `pkg:${k.ecosystem}/${encodeURIComponent(k.name)}@${encodeURIComponent(version)}`,
      locations: [{ path: `/bench/${i}`, layer: "sha256:0" }],
      foundBy: "bench",
      licenses: [],
    };
    if (k.distro) {
      p.distro = k.distro;
      p.source = { name: k.name, version };
    }
    return p;
  });
  return {
    schemaVersion: "bench",
    target: { input: "synthetic" },
    layers: [],
    packages,
    ledger: [],
    diagnostics: [],
    generator: { name: "bench", version: "0" },
    created: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const db = arg("--db") ?? process.env.DRYDOCK_DB;
  if (!db || !existsSync(db)) {
    process.stderr.write(
      "bench/match: give --db FILE, a database built from all of shared/vulndata:\n" +
        "  node --import tsx src/cli/main.ts db import ../shared/vulndata --db /tmp/drydock-full.db\n",
    );
    process.exit(2);
  }
  const sizes = arg("--packages") ? [Number(arg("--packages"))] : [1000, 10000];
  const reader = openAdvisoryReader(db);
  const matchers = matcherEntries();
  let last = {};
  try {
    for (const size of sizes) {
      const sbom = syntheticSbom(sampleKeys(db, size));
      const t0 = performance.now();
      const outcome = await matchSbom(sbom, reader, matchers);
      const t1 = performance.now();
      const enriched = await enrichFindings(outcome.findings, { reader });
      const t2 = performance.now();
      const line = {
        packages: sbom.packages.length,
        matchSeconds: (t1 - t0) / 1000,
        enrichSeconds: (t2 - t1) / 1000,
        totalSeconds: (t2 - t0) / 1000,
        findings: enriched.findings.length,
        queries: outcome.stats.uniqueQueries,
        batches: outcome.stats.batches,
        candidates: outcome.stats.candidates,
        phaseSeconds: {
          lookUpAndJudge: outcome.stats.phaseMs.lookUpAndJudge / 1000,
          details: outcome.stats.phaseMs.details / 1000,
          buildFindings: outcome.stats.phaseMs.buildFindings / 1000,
        },
      };
      const ms = (s: number): string => (s * 1000).toFixed(0);
      process.stdout.write(
        `match ${line.packages} packages: ${ms(line.matchSeconds)} ms (${line.queries} distinct queries in ${line.batches} round trip(s), ${line.candidates} candidates judged; lookups and judging ${ms(line.phaseSeconds.lookUpAndJudge)} ms, advisory detail ${ms(line.phaseSeconds.details)} ms, building findings ${ms(line.phaseSeconds.buildFindings)} ms), enrich ${ms(line.enrichSeconds)} ms, total ${ms(line.totalSeconds)} ms, ${line.findings} findings\n`,
      );
      if (process.argv.includes("--compare")) {
        const t3 = performance.now();
        for (const p of sbom.packages) {
          await reader.find([
            { ecosystem: p.type, ...(p.distro ? { distro: p.distro } : {}), name: p.source?.name ?? p.name },
          ]);
        }
        process.stdout.write(
          `  for contrast, one find() per package: ${(performance.now() - t3).toFixed(0)} ms (lookups alone)\n`,
        );
      }
      last = line;
    }
  } finally {
    reader.close();
  }
  process.stdout.write(`${JSON.stringify(last)}\n`);
}

await main();
