import type { Finding, TargetInfo } from "../../model/index.js";
import { matchesImage, matchesPurl, type PurlPattern, parsePurlPattern } from "./purl-pattern.js";
import type { VexStatement } from "./suppression-types.js";

/** A VEX statement with its ids and product purls parsed once. */
export interface CompiledStatement {
  statement: VexStatement;
  /** Milliseconds of the statement's timestamp; -Infinity when it has none. */
  time: number;
  covers(finding: Finding): boolean;
}

/**
 * Compiles a statement into a predicate. It covers a finding when one of its ids (name or
 * alias) equals the finding's id or an alias (ignoring case) and one of its products covers
 * the package: a product without subcomponents covers a package its purl matches, or every
 * package when it names the scanned image (`pkg:oci/...`); a product with subcomponents covers
 * only the packages those match, and only when the product is the scanned image.
 */
export function compileStatement(statement: VexStatement, target: TargetInfo | undefined): CompiledStatement {
  const ids = new Set(
    [statement.vulnerability.id, ...statement.vulnerability.aliases].map((s) => s.toLowerCase()),
  );
  const products = statement.products.flatMap((p) => {
    const pattern = parsePurlPattern(p.purl);
    if (!pattern) return [];
    const subs = p.subcomponents.map(parsePurlPattern).filter((s): s is PurlPattern => s !== undefined);
    return [{ pattern, isImage: matchesImage(pattern, target), subs, hasSubs: p.subcomponents.length > 0 }];
  });
  const parsedTime = statement.timestamp ? Date.parse(statement.timestamp) : Number.NaN;
  return {
    statement,
    time: Number.isNaN(parsedTime) ? Number.NEGATIVE_INFINITY : parsedTime,
    covers(finding) {
      const v = finding.vulnerability;
      if (![v.id, ...v.aliases].some((id) => ids.has(id.toLowerCase()))) return false;
      return products.some((p) => {
        if (p.hasSubs) return p.isImage && p.subs.some((s) => matchesPurl(s, finding.package.purl));
        return p.isImage || matchesPurl(p.pattern, finding.package.purl);
      });
    },
  };
}

/** How a statement is named in reports: its id, else file and position. */
export function statementReference(s: VexStatement): string {
  const where = `${s.file} ${s.format === "openvex" ? "statement" : "vulnerability"} ${s.index}`;
  return s.id ? `${where} (${s.id})` : where;
}

/** The statement's status with its justification and detail, as one line. */
export function statementReason(s: VexStatement): string {
  let reason = s.status;
  if (s.justification) reason += `: ${s.justification}`;
  if (s.detail) reason += ` (${s.detail.replace(/\s+/g, " ").trim()})`;
  return reason;
}
