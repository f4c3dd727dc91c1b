/**
 * Peak memory while parsing the largest Debian OVAL file (bullseye: 54 MB of XML inside
 * 2.9 MB of bzip2) through the real importer: RSS is sampled every 250 ms and printed as the import
 * goes, then the peak, the baseline before the import and the record counts. The parse
 * streams in two passes, so the peak should stay far below the file size (target < 200 MB,
 * baseline included).
 *
 *   node --import tsx bench/oval-import-rss.ts [FILE.xml.bz2]   (default: bullseye, the largest)
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { debianOvalImporter } from "../src/ecosystems/deb/feeds/debian-oval-importer.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const file = resolve(
  process.argv[2] ?? resolve(repoRoot, "../shared/vulndata/debian-oval/oval-definitions-bullseye.xml.bz2"),
);
if (!existsSync(file)) {
  console.error(`oval-import-rss: ${file} is missing (needs ../shared/vulndata)`);
  process.exit(2);
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
const detected = await debianOvalImporter.detect(file, `debian-oval/${basename(file)}`);
if (detected === undefined) {
  console.error(`oval-import-rss: ${basename(file)} is not a Debian OVAL file name`);
  process.exit(2);
}

const baseline = process.memoryUsage().rss;
let peak = baseline;
let definitions = 0;
let advisories = 0;
let affected = 0;
let diagnostics = 0;
const started = Date.now();
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  console.log(
    `  t=${((Date.now() - started) / 1000).toFixed(1)}s rss=${mb(rss)} MB definitions=${definitions}`,
  );
}, 250);

const snapshot = {
  provider: detected.provider,
  source: file,
  files: detected.files,
  fetchedAt: "",
  digest: "",
};
for await (const record of debianOvalImporter.parse(snapshot, (n = 1) => {
  definitions += n;
})) {
  if (record.kind === "advisory") {
    advisories++;
    affected += record.advisory.affected.length;
  } else if (record.kind === "diagnostic") diagnostics++;
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

console.log(`file:        ${file}`);
console.log(`provider:    ${detected.provider}`);
console.log(
  `definitions: ${definitions}  advisories: ${advisories}  affected: ${affected}  diagnostics: ${diagnostics}`,
);
console.log(`time:        ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(
  `rss:         baseline ${mb(baseline)} MB, peak ${mb(peak)} MB (peak - baseline ${mb(peak - baseline)} MB)`,
);
