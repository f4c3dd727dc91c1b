import type { Command } from "commander";
import { type Diagnostic, ExitCode, type Severity, severities } from "../../model/index.js";
import { isScanFormat, scanFormatNames } from "../../report/format-names.js";
import { defaultFormat, writeOutput } from "../output.js";
import { createLayerProgress } from "../progress.js";
import { addRegistryOptions, type RegistryFlags, readRegistryOptions } from "../registry-options.js";
import { action, debugLog, usageError } from "../run-command.js";

interface ScanFlags extends RegistryFlags {
  db?: string;
  format?: string;
  output?: string;
  failOn?: string;
  ignoreUnfixed?: boolean;
  onlyFixed?: boolean;
  includeOsOwned?: boolean;
  platform?: string;
  layerCache?: boolean;
  vex?: string[];
  ignoreFile?: string;
  showSuppressed?: boolean;
}

/** `drydock scan TARGET`: catalog an image, match it against the advisory database, report, gate. */
export function registerScanCommand(program: Command): void {
  const command = program
    .command("scan")
    .description("find known vulnerabilities in an image (or an SBOM) and gate on their severity")
    .argument(
      "<target>",
      "image: docker-archive:FILE, oci-dir:DIR, oci-archive:FILE, dir:ROOTFS, sbom:FILE, a registry reference or a path",
    )
    .option("--db <file>", "advisory database (default: $DRYDOCK_DB, else advisories.db in the cache dir)")
    .option("-f, --format <format>", `output format: ${scanFormatNames.join(", ")}`)
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option(
      "--fail-on <severity>",
      `exit 1 when a finding is at or above: ${[...severities].reverse().join(", ")}`,
    )
    .option("--ignore-unfixed", "leave out findings that have no fixed version (same as --only-fixed)")
    .option("--only-fixed", "report only findings that have a fixed version")
    .option("--include-os-owned", "also match language packages owned by OS packages against their ecosystem")
    .option("--platform <os/arch[/variant]>", "image to choose from a multi-platform index")
    .option("--no-layer-cache", "read every layer, neither using nor filling the layer cache")
    .option(
      "--vex <file>",
      "OpenVEX or CycloneDX VEX document whose not_affected and fixed statements suppress findings (repeatable)",
      (file: string, previous: string[] = []) => [...previous, file],
    )
    .option(
      "--ignore-file <file>",
      "ignore rules (default: .drydock-ignore.yaml in the working directory, if present)",
    )
    .option("--show-suppressed", "list suppressed findings in the report too");
  addRegistryOptions(command).action(
    action(async (target: string, opts: ScanFlags) => {
      const format = opts.format ?? defaultFormat();
      if (!isScanFormat(format)) {
        throw usageError(`--format ${format}: unknown format (choose from ${scanFormatNames.join(", ")})`);
      }
      const failOn = opts.failOn === undefined ? undefined : parseSeverity(opts.failOn);
      const registry = await readRegistryOptions(opts);
      // Read before the image, so a malformed ignore file or VEX fails fast (exit 2).
      const [{ prepareSuppression }, { findingsAtOrAbove, scanImage }] = await Promise.all([
        import("../../app/suppress.js"),
        import("../../app/scan.js"),
      ]);
      const suppression = await prepareSuppression({
        cwd: process.cwd(),
        ...(opts.vex ? { vexFiles: opts.vex } : {}),
        ...(opts.ignoreFile ? { ignoreFile: opts.ignoreFile } : {}),
      });
      const progress = await createLayerProgress();
      const result = await scanImage(target, {
        ...(opts.db ? { db: opts.db } : {}),
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.layerCache === false ? { layerCache: false as const } : {}),
        ...(registry ? { registry } : {}),
        onlyFixed: Boolean(opts.onlyFixed || opts.ignoreUnfixed),
        includeOsOwned: Boolean(opts.includeOsOwned),
        findingSteps: [suppression.step],
        onLayerDone: progress.onLayerDone,
      });
      progress.stop();
      debugLog("scan done", { packages: result.sbom.packages.length, findings: result.findings.length });
      warn(result.diagnostics);
      const color = format === "table" && Boolean(process.stdout.isTTY) && !opts.output;
      const { loadScanFormatter } = await import("../../report/scan/load-scan-formatter.js");
      const formatter = await loadScanFormatter(format);
      await writeOutput(
        formatter(result, {
          color,
          ...(opts.showSuppressed ? { showSuppressed: true } : {}),
          ...(failOn ? { failOn } : {}),
        }),
        opts.output,
      );
      if (failOn === undefined) return ExitCode.ok;
      const failing = findingsAtOrAbove(result, failOn);
      if (failing.length === 0) return ExitCode.ok;
      process.stderr.write(
        `drydock: --fail-on ${failOn}: ${failing.length} finding(s) at or above ${failOn} (${failing
          .slice(0, 3)
          .map((f) => `${f.vulnerability.id} in ${f.package.name}`)
          .join(", ")}${failing.length > 3 ? ", ..." : ""})\n`,
      );
      return ExitCode.gateFailed;
    }),
  );
}

/** Match-stage warnings (unknown or end-of-life distro, no feed for the release) on stderr. */
function warn(diagnostics: readonly Diagnostic[]): void {
  const serious = diagnostics.filter((d) => d.level !== "info");
  const shown = [
    ...serious.filter((d) => d.code.startsWith("distro-")),
    ...serious.filter((d) => !d.code.startsWith("distro-")).slice(0, 3),
  ];
  for (const d of shown) process.stderr.write(`drydock: warning: ${d.message}\n`);
  if (serious.length > shown.length) {
    process.stderr.write(
      `drydock: warning: ${serious.length - shown.length} more (see the report's diagnostics)\n`,
    );
  }
  for (const d of diagnostics)
    debugLog("scan diagnostic", { code: d.code, level: d.level, message: d.message });
}

function parseSeverity(raw: string): Severity {
  const s = raw.trim().toLowerCase();
  if ((severities as readonly string[]).includes(s)) return s as Severity;
  throw usageError(`--fail-on ${raw}: not a severity (choose from ${[...severities].reverse().join(", ")})`);
}
