/**
 * Side by side with Trivy: packages found by type on each image of ../shared/images, for
 * drydock `sbom` and `trivy image --format cyclonedx`, every difference listed with the
 * reason for it. A difference no rule explains is printed as UNEXPLAINED (and makes the exit
 * code 1), so a regression in either direction shows.
 *
 *   npm run build && node --import tsx bench/catalog-vs-trivy.ts [IMAGE.tar ...]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PackageURL } from "packageurl-js";
import { measure } from "./lib/measure.js";
import { locateTrivy, makeTrivyCache, trivySbomArgs } from "./lib/trivy.js";

interface Pkg {
  type: string;
  name: string;
  version: string;
  path?: string;
  ownedBy?: { type: string; name: string };
  foundBy?: string;
}

const repo = resolve(new URL("..", import.meta.url).pathname);
const shared = resolve(repo, "..", "shared", "images");
const images = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ["alpine-synthetic.tar", "rpm-synthetic.tar", "debian-app.tar"]
      .map((f) => join(shared, f))
      .filter(existsSync);

const key = (p: Pkg) => `${p.type}|${p.name}|${p.version}`;

function drydockPackages(json: string): Pkg[] {
  const doc = JSON.parse(json) as { packages: (Pkg & { locations: { path: string }[] })[] };
  return doc.packages.map((p) => ({
    type: p.type,
    name: p.name,
    version: p.type === "golang" && p.name === "stdlib" ? p.version.replace(/^go/, "v") : p.version,
    path: p.locations[0]?.path,
    ...(p.ownedBy ? { ownedBy: p.ownedBy } : {}),
    ...(p.foundBy ? { foundBy: p.foundBy } : {}),
  }));
}

function trivyPackages(json: string): Pkg[] {
  const doc = JSON.parse(json) as {
    components?: {
      name: string;
      version?: string;
      purl?: string;
      properties?: { name: string; value: string }[];
    }[];
  };
  const out: Pkg[] = [];
  for (const c of doc.components ?? []) {
    if (!c.purl) continue;
    const purl = PackageURL.fromString(c.purl);
    let version = c.version ?? purl.version ?? "";
    const epoch = purl.qualifiers?.epoch;
    if (epoch && epoch !== "0" && !version.includes(":")) version = `${epoch}:${version}`;
    const path = c.properties?.find((p) => p.name === "aquasecurity:trivy:FilePath")?.value;
    out.push({ type: purl.type, name: c.name, version, ...(path ? { path: `/${path}` } : {}) });
  }
  return out;
}

/** Why drydock lists a package Trivy does not (undefined = unexplained). */
function whyOnlyDrydock(p: Pkg): string | undefined {
  if (p.ownedBy) {
    return `files owned by ${p.ownedBy.type} package ${p.ownedBy.name}: Trivy drops language packages an OS package installed; drydock keeps them, marked, and matches them by the distro's advisories`;
  }
  if (p.type === "golang" && p.name === "stdlib")
    return "Go standard library of a binary: Trivy lists no stdlib package in its SBOM";
  if (p.type === "golang" && p.version === "(devel)")
    return "main module built from a working tree, version (devel): Trivy omits it";
  if (p.type === "npm" && p.path && !p.path.includes("/node_modules/"))
    return "the project's own package.json (root): Trivy names it differently or omits it";
  return undefined;
}

/** Why Trivy lists a package drydock does not (undefined = unexplained). */
function whyOnlyTrivy(p: Pkg): string | undefined {
  if (p.type === "rpm" && p.name === "gpg-pubkey")
    return "rpm's gpg-pubkey pseudo-package is a signing key, not software";
  return undefined;
}

function countByType(pkgs: Pkg[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pkgs) m.set(p.type, (m.get(p.type) ?? 0) + 1);
  return m;
}

async function main(): Promise<void> {
  const cli = join(repo, "dist", "bin", "drydock.js");
  if (!existsSync(cli)) throw new Error("run `npm run build` first");
  const trivy = locateTrivy();
  if (!trivy.path) console.log(`Trivy skipped: ${trivy.note}`);
  let unexplained = 0;
  for (const image of images) {
    const name = image.split("/").pop()!;
    const ours = await measure(process.execPath, [
      cli,
      "sbom",
      image,
      "--format",
      "json",
      "--no-layer-cache",
    ]);
    if (ours.exitCode !== 0) throw new Error(`drydock failed on ${name}: ${ours.stderr}`);
    const dd = drydockPackages(ours.stdout);
    console.log(`\n## ${name}\n`);
    console.log(
      `drydock: ${dd.length} packages, ${ours.wallSeconds.toFixed(2)} s, ${(ours.maxRssKiB / 1024).toFixed(0)} MiB peak RSS`,
    );
    if (!trivy.path) continue;
    const tmp = mkdtempSync(join(tmpdir(), "drydock-trivy-"));
    makeTrivyCache(join(tmp, "cache"));
    const theirs = await measure(trivy.path, trivySbomArgs(image, join(tmp, "cache"), join(tmp, "out.json")));
    if (theirs.exitCode !== 0) throw new Error(`Trivy failed on ${name}: ${theirs.stderr}`);
    const tv = trivyPackages(readFileSync(join(tmp, "out.json"), "utf8"));
    rmSync(tmp, { recursive: true, force: true });
    console.log(
      `trivy:   ${tv.length} packages, ${theirs.wallSeconds.toFixed(2)} s, ${(theirs.maxRssKiB / 1024).toFixed(0)} MiB peak RSS\n`,
    );
    const a = countByType(dd);
    const b = countByType(tv);
    console.log("| type | drydock | trivy |\n| --- | ---: | ---: |");
    for (const t of [...new Set([...a.keys(), ...b.keys()])].sort())
      console.log(`| ${t} | ${a.get(t) ?? 0} | ${b.get(t) ?? 0} |`);
    const tvKeys = new Set(tv.map(key));
    const ddKeys = new Set(dd.map(key));
    const onlyOurs = dd.filter((p) => !tvKeys.has(key(p)));
    const onlyTheirs = tv.filter((p) => !ddKeys.has(key(p)));
    if (!onlyOurs.length && !onlyTheirs.length) console.log("\nsame packages");
    for (const p of onlyOurs) {
      const why = whyOnlyDrydock(p);
      if (!why) unexplained++;
      console.log(`- only drydock: ${key(p)} ${p.path ?? ""} — ${why ?? "UNEXPLAINED"}`);
    }
    for (const p of onlyTheirs) {
      const why = whyOnlyTrivy(p);
      if (!why) unexplained++;
      console.log(`- only trivy: ${key(p)} ${p.path ?? ""} — ${why ?? "UNEXPLAINED"}`);
    }
  }
  if (unexplained) {
    console.log(`\n${unexplained} unexplained differences`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`catalog-vs-trivy: ${(e as Error).message}`);
  process.exitCode = 2;
});
