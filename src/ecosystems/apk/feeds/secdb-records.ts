import { type Advisory, type AffectedPackage, diagnostic, type FeedRecord } from "../../../model/index.js";
import { parseSecfixLine } from "./parse-secfix-line.js";

/** A secdb document as both the JSON and the legacy YAML spell it. */
export interface SecdbDocument {
  distroversion?: unknown;
  packages?: unknown;
}

/**
 * Distro key of a secdb file: `v3.19` → `alpine:3.19`, `edge` → `alpine:edge`. The folder
 * name (`…/v3.19/main.json`) is the fallback when the document does not say.
 */
export function alpineDistroKey(distroversion: unknown, file: string): string | undefined {
  const fromDoc = typeof distroversion === "string" ? distroversion.trim() : "";
  const fromPath = /(?:^|[\\/])(v\d+\.\d+|edge)[\\/][^\\/]+$/.exec(file)?.[1] ?? "";
  const raw = fromDoc || fromPath;
  if (raw === "edge") return "alpine:edge";
  const m = /^v?(\d+\.\d+)/.exec(raw);
  return m ? `alpine:${m[1]}` : undefined;
}

/**
 * Turns one secdb document into records: one advisory per vulnerability id per package
 * (the writer merges a CVE's entries across packages and releases). A secfixes key `0`
 * states "not affected"; any other key is the apk version that fixed the ids listed under
 * it (range introduced 0, fixed at that version, scheme apk). `count` is called once per
 * package entry.
 */
export function* secdbRecords(
  doc: SecdbDocument,
  ctx: { provider: string; file: string; source: string },
  count: (n?: number) => void,
): Generator<FeedRecord> {
  const where = { file: ctx.file, source: ctx.source };
  const diag = (code: string, message: string): FeedRecord => ({
    kind: "diagnostic",
    diagnostic: diagnostic(code, message, where),
  });
  const distro = alpineDistroKey(doc.distroversion, ctx.file);
  if (!distro) {
    yield diag("alpine-secdb-no-release", "no distroversion: cannot tell which Alpine release it is for");
    return;
  }
  // An empty `packages:` in YAML reads as nothing at all: a release without fixes.
  if (doc.packages === undefined || doc.packages === null || doc.packages === "") return;
  if (!Array.isArray(doc.packages)) {
    yield diag("alpine-secdb-no-packages", "packages is not a list");
    return;
  }
  for (const [i, entry] of doc.packages.entries()) {
    count();
    const pkg = isObject(entry) && isObject(entry.pkg) ? entry.pkg : undefined;
    const name = typeof pkg?.name === "string" ? pkg.name.trim() : "";
    if (!pkg || !name) {
      yield diag("alpine-secdb-invalid-package", `packages[${i}] has no pkg.name`);
      continue;
    }
    if (pkg.secfixes === undefined || pkg.secfixes === null || pkg.secfixes === "") continue;
    if (!isObject(pkg.secfixes)) {
      yield diag("alpine-secdb-invalid-package", `${name}: secfixes is not a map`);
      continue;
    }
    const byId = new Map<string, { affected: AffectedPackage; aliases: Set<string> }>();
    for (const [version, lines] of Object.entries(pkg.secfixes)) {
      const fixed = version.trim();
      const notAffected = fixed === "0";
      for (const line of Array.isArray(lines) ? lines : []) {
        const ids = typeof line === "string" ? parseSecfixLine(line) : undefined;
        if (!ids) {
          yield diag(
            "alpine-secfix-unrecognised",
            `${name} ${fixed}: no vulnerability id in ${JSON.stringify(line)}`,
          );
          continue;
        }
        for (const v of ids.vulnerabilities) {
          const key = `${notAffected ? "n" : "a"}|${v.id}`;
          let slot = byId.get(key);
          if (!slot) {
            const affected: AffectedPackage = notAffected
              ? {
                  ecosystem: "apk",
                  distro,
                  name,
                  status: "not-affected",
                  ranges: [],
                  fix: { state: "unknown", versions: [] },
                }
              : {
                  ecosystem: "apk",
                  distro,
                  name,
                  status: "affected",
                  ranges: [],
                  fix: { state: "fixed", versions: [] },
                };
            slot = { affected, aliases: new Set() };
            byId.set(key, slot);
          }
          for (const a of v.aliases) slot.aliases.add(a);
          if (ids.note)
            slot.affected.note = slot.affected.note ? `${slot.affected.note}; ${ids.note}` : ids.note;
          if (!notAffected && !slot.affected.fix.versions.includes(fixed)) {
            // A CVE listed under two fixes (a fix and a later re-fix): both ranges are kept,
            // so the package counts as affected until the later one.
            slot.affected.ranges.push({ scheme: "apk", introduced: "0", fixed });
            slot.affected.fix.versions.push(fixed);
          }
        }
      }
    }
    for (const [key, { affected, aliases }] of byId) {
      const id = key.slice(2);
      const advisory: Advisory = {
        id,
        aliases: [...aliases].filter((a) => a !== id),
        provider: ctx.provider,
        severities: [],
        references: [],
        affected: [affected],
      };
      yield { kind: "advisory", advisory };
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
