import type { RangeSyntax } from "../version-scheme.js";
import { compareNuGetVersions, type NuGetVersion, parseNuGetVersion } from "./nuget-version.js";

/** A NuGet version range: optional bounds, each inclusive or exclusive. */
export interface NuGetRange {
  min?: { version: NuGetVersion; inclusive: boolean };
  max?: { version: NuGetVersion; inclusive: boolean };
}

/**
 * NuGet version ranges (https://learn.microsoft.com/nuget/concepts/package-versioning#version-ranges):
 * `1.0` (at least 1.0), `[1.0]` (exactly), `[1.0,2.0)`, `(1.0,)`, `(,1.0]` and so on, as
 * `VersionRange.Parse` reads them. Floating ranges (`1.*`) are not accepted: NuGet resolves
 * them to a best match rather than testing membership.
 */
export const nugetRanges: RangeSyntax<NuGetVersion, NuGetRange> = {
  name: "NuGet version range",
  parse(range) {
    const text = (typeof range === "string" ? range : range.join(",")).trim();
    const reason = `bad NuGet version range "${text}"`;
    if (text === "") return { ok: false, reason };
    const first = text[0];
    if (first !== "[" && first !== "(") {
      const v = parseNuGetVersion(text);
      return v.ok
        ? { ok: true, value: { min: { version: v.value, inclusive: true } } }
        : { ok: false, reason };
    }
    const last = text[text.length - 1];
    if (text.length < 3 || (last !== "]" && last !== ")")) return { ok: false, reason };
    const minInclusive = first === "[";
    const maxInclusive = last === "]";
    const parts = text.slice(1, -1).split(",");
    if (parts.length > 2) return { ok: false, reason };
    if (parts.length === 1) {
      // "[1.0]" is an exact version; "(1.0)" and "[1.0)" mean nothing.
      const v = parseNuGetVersion(parts[0] as string);
      if (!minInclusive || !maxInclusive || !v.ok) return { ok: false, reason };
      const bound = { version: v.value, inclusive: true };
      return { ok: true, value: { min: bound, max: bound } };
    }
    const out: NuGetRange = {};
    const [minText = "", maxText = ""] = parts.map((p) => p.trim());
    if (minText === "" && maxText === "") return { ok: false, reason };
    if (minText !== "") {
      const v = parseNuGetVersion(minText);
      if (!v.ok) return { ok: false, reason };
      out.min = { version: v.value, inclusive: minInclusive };
    }
    if (maxText !== "") {
      const v = parseNuGetVersion(maxText);
      if (!v.ok) return { ok: false, reason };
      out.max = { version: v.value, inclusive: maxInclusive };
    }
    if (out.min && out.max) {
      const order = compareNuGetVersions(out.min.version, out.max.version);
      if (order > 0 || (order === 0 && !(minInclusive && maxInclusive))) return { ok: false, reason };
    }
    return { ok: true, value: out };
  },
  matches(version, range) {
    if (range.min) {
      const order = compareNuGetVersions(version, range.min.version);
      if (order < 0 || (order === 0 && !range.min.inclusive)) return false;
    }
    if (range.max) {
      const order = compareNuGetVersions(version, range.max.version);
      if (order > 0 || (order === 0 && !range.max.inclusive)) return false;
    }
    return true;
  },
};
