import type { ResultRow, TargetCheck } from "./results.js";

const fmt = (x: number, digits = 2): string => x.toFixed(digits);

/** Checks issue 7's targets against the rows measured (undefined where not measured). */
export function checkTargets(rows: ResultRow[], largest: string | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cold = rows.filter((r) => r.section === "sbom-cold" && r.ratio !== undefined);
  checks.push({
    target: "cold SBOM median wall ≤ Trivy's on every image (ratio ≤ 1.0)",
    measured: cold.length
      ? cold.map((r) => `${r.image?.split(" ")[0]} ${fmt(r.ratio!)}`).join(", ")
      : "Trivy not run",
    met: cold.length ? cold.every((r) => r.ratio! <= 1) : undefined,
  });
  const large = cold.find((r) => r.image?.startsWith("debian-large"));
  checks.push({
    target: "cold SBOM ratio ≈ 0.5 on the large image (aim)",
    measured: large ? fmt(large.ratio!) : "debian-large not run",
    met: large ? large.ratio! <= 0.5 : undefined,
  });
  const warm = rows.filter((r) => r.section === "sbom-warm" && r.image !== undefined);
  const meaningful = warm.filter((r) => !/synthetic/.test(r.image!));
  checks.push({
    target: "warm SBOM ≤ 10% of cold (images whose cold run is more than start-up)",
    measured: warm.length
      ? warm.map((r) => `${r.image} ${Math.round(100 * Number(r.figures?.warmOverCold))}%`).join(", ")
      : "not run",
    met: meaningful.length ? meaningful.every((r) => Number(r.figures?.warmOverCold) <= 0.1) : undefined,
  });
  const scanWarm = rows.filter((r) => r.section === "scan-warm");
  const scanMeaningful = scanWarm.filter((r) => !/synthetic/.test(r.image ?? ""));
  checks.push({
    target: "warm scan ≤ 10% of cold",
    measured: scanWarm.length
      ? scanWarm.map((r) => `${r.image} ${Math.round(100 * Number(r.figures?.warmOverCold))}%`).join(", ")
      : "scan not measured",
    met: scanMeaningful.length
      ? scanMeaningful.every((r) => Number(r.figures?.warmOverCold) <= 0.1)
      : undefined,
  });
  const rssRows = rows.filter((r) => r.section === "sbom-cold" && r.drydock && r.drydock.rssMiB.n > 0);
  const largestRow = largest ? rssRows.find((r) => r.image?.startsWith(largest)) : undefined;
  checks.push({
    target: "peak RSS ≤ 300 MB on the large image (cold SBOM)",
    measured: largestRow
      ? `${largest}: ${largestRow.drydock!.rssMiB.max.toFixed(0)} MiB (max of runs)`
      : "large image not run",
    met:
      largestRow && largest === "debian-large" ? largestRow.drydock!.rssMiB.max * 1.048576 <= 300 : undefined,
  });
  checks.push({
    target: "peak RSS does not grow with image size",
    measured: rssRows
      .map((r) => `${r.image?.split(" ")[0]} ${r.drydock!.rssMiB.median.toFixed(0)} MiB`)
      .join(", "),
    met: flatMemory(rssRows),
  });
  const match10k = rows.find((r) => r.section === "match" && r.figures?.packages === 10000);
  checks.push({
    target: "10,000 packages matched in < 1 s",
    measured: match10k?.drydock?.wall.n ? `${fmt(match10k.drydock.wall.median, 3)} s` : "not measured",
    met: match10k?.drydock?.wall.n ? match10k.drydock.wall.median < 1 : undefined,
  });
  const conc = rows.find((r) => r.section === "concurrent");
  checks.push({
    target: "four concurrent scans: no errors, no corruption, total well under four single scans",
    measured: conc
      ? `${conc.figures?.problems} problems, total ${Math.round(100 * Number(conc.figures?.totalOverFourSingles))}% of four single runs${conc.figures?.usedScan ? "" : " (sbom, scan not available)"}`
      : "not measured",
    met: conc ? conc.figures?.problems === 0 && Number(conc.figures?.totalOverFourSingles) < 0.9 : undefined,
  });
  return checks;
}

/**
 * Flat means the largest image's peak stays within 1.5× of the smallest real image's
 * (debian-app): a reader that buffered layers would grow with their size (the large image
 * has 8× the bytes of debian-app).
 */
function flatMemory(rows: ResultRow[]): boolean | undefined {
  const byName = new Map(rows.map((r) => [r.image!.split(" ")[0]!, r.drydock!.rssMiB.median]));
  const app = byName.get("debian-app");
  const large = byName.get("debian-large");
  if (app === undefined || large === undefined) return undefined;
  return large <= app * 1.5;
}
