import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { defaultParseLimits, type PackageDraft } from "../../src/catalog/cataloger.js";
import { goToolchainToSemver } from "../../src/ecosystems/golang/catalog/go-toolchain-version.js";
import { golang } from "../../src/ecosystems/golang/index.js";
import { maven } from "../../src/ecosystems/maven/index.js";
import { sharedDir, testLayer } from "../helpers/catalog-case.js";
import { extractImageFiles } from "./helpers/image-files.js";

/**
 * Image A (../shared/images/debian-app.tar) against its truth files: every jar row of
 * `jars.tsv` and every Go row of `go.tsv` must be reported exactly, and nothing twice.
 */
const shared = sharedDir();
const archive = shared && join(shared, "images", "debian-app.tar");
const truthDir = shared && join(shared, "images", "truth", "debian-app");

function readTsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const cols = head!.split("\t");
  return rows.map((r) => Object.fromEntries(r.split("\t").map((v, i) => [cols[i], v])));
}

describe("image A truth: jars and Go binaries", () => {
  if (!archive || !truthDir || !existsSync(archive) || !existsSync(truthDir)) {
    it("needs ../shared/images", (t) => t.skip("../shared/images/debian-app.tar or its truth is missing"));
    return;
  }
  const jarRows = readTsv(join(truthDir, "jars.tsv"));
  const goRows = readTsv(join(truthDir, "go.tsv"));
  const found = new Map<string, PackageDraft[]>();

  before(async () => {
    const paths = [
      ...new Set([...jarRows.map((r) => r.jar!.split("!/")[0]!), ...goRows.map((r) => r.binary!)]),
    ];
    const files = await extractImageFiles(archive, paths);
    for (const path of paths) {
      const file = files.get(path);
      assert.ok(file, `${path} is in the image`);
      const cataloger = path.endsWith(".jar") ? maven.catalogers[0]! : golang.catalogers[0]!;
      const result = await cataloger.parse(
        { path, layer: testLayer, size: file.bytes.length, mode: file.mode, bytes: file.bytes },
        { limits: defaultParseLimits },
      );
      assert.deepEqual(result.diagnostics, [], `${path} parses without diagnostics`);
      found.set(path, result.packages);
    }
  });

  it("jars.tsv: every artifact with its exact version", () => {
    assert.ok(jarRows.length >= 4);
    for (const row of jarRows) {
      const [outer] = row.jar!.split("!/");
      const archivePath = row.jar!;
      const pkgs = found.get(outer!) ?? [];
      const name = row.groupId === "-" ? row.artifactId : `${row.groupId}:${row.artifactId}`;
      const hits = pkgs.filter(
        (p) => p.name === name && p.version === row.version && p.metadata?.archivePath === archivePath,
      );
      assert.equal(hits.length, 1, `${archivePath}: ${name}@${row.version} reported once`);
      const hit = hits[0]!;
      assert.equal(hit.type, "maven");
      assert.equal(hit.metadata?.identifiedBy, row.pom_properties === "-" ? "manifest" : "pom.properties");
      if (row.pom_properties !== "-") assert.equal(hit.metadata?.pomProperties, row.pom_properties);
    }
    // Nothing beyond the truth: every reported package has a truth row.
    const reported = [...found].filter(([p]) => p.endsWith(".jar")).flatMap(([, pkgs]) => pkgs);
    assert.equal(reported.length, jarRows.length, "no extra or duplicate jar packages");
  });

  it("jars.tsv: purls", () => {
    const jackson = found.get("/usr/share/java/jackson-databind.jar")?.[0];
    assert.equal(
      jackson && maven.purl(jackson),
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0",
    );
    const log4j = found.get("/usr/share/java/log4j-1.2-1.2.17.jar")?.[0];
    assert.equal(log4j && maven.purl(log4j), "pkg:maven/log4j/log4j@1.2.17");
  });

  it("go.tsv: stdlib, main module and every dependency, exactly", () => {
    const binaries = [...new Set(goRows.map((r) => r.binary!))];
    for (const binary of binaries) {
      const rows = goRows.filter((r) => r.binary === binary);
      const pkgs = found.get(binary) ?? [];
      const expected = new Set<string>();
      for (const row of rows) {
        if (row.kind === "stdlib") {
          // drydock records the toolchain version in module semver form: go1.19.8 -> v1.19.8.
          expected.add(`stdlib@${goToolchainToSemver(row.version!)}`);
        } else if (row.kind === "main" || row.kind === "dep") {
          expected.add(`${row.module}@${row.version}`);
        } else if (row.kind === "path" && !rows.some((r) => r.kind === "main")) {
          // GOPATH-mode build: the main package path stands in for the main module.
          expected.add(`${row.module}@(devel)`);
        }
      }
      const got = pkgs.map((p) => `${p.name}@${p.version}`);
      assert.deepEqual([...got].sort(), [...expected].sort(), binary);
      assert.equal(new Set(got).size, got.length, `${binary}: nothing reported twice`);
      const goVersion = rows[0]!.go_version;
      for (const p of pkgs) assert.equal(p.metadata?.goVersion, goVersion);
    }
  });

  it("go.tsv: main module marks and purls", () => {
    const umoci = found.get("/usr/bin/umoci") ?? [];
    const umociMain = umoci.find((p) => p.metadata?.mainModule);
    assert.equal(umociMain?.metadata?.gopathMode, true);
    const gateway = found.get("/usr/local/bin/app-gateway") ?? [];
    const net = gateway.find((p) => p.name === "golang.org/x/net");
    assert.equal(net && golang.purl(net), "pkg:golang/golang.org/x/net@v0.7.0");
    const stdlib = gateway.find((p) => p.name === "stdlib");
    assert.equal(stdlib && golang.purl(stdlib), "pkg:golang/stdlib@v1.19.8");
    const main = gateway.find((p) => p.metadata?.mainModule);
    assert.equal(main?.version, "(devel)");
    assert.equal(main?.metadata?.gopathMode, undefined);
  });
});
