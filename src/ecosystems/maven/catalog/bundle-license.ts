/** License URLs that OSGi `Bundle-License` headers commonly give instead of an SPDX id. */
const knownLicenseUrls: [RegExp, string][] = [
  [/apache\.org\/licenses\/LICENSE-2\.0/i, "Apache-2.0"],
  [/opensource\.org\/licenses\/(mit|mit-license)/i, "MIT"],
  [/eclipse\.org\/legal\/epl-2\.0/i, "EPL-2.0"],
  [/eclipse\.org\/(legal\/epl-v10|org\/documents\/epl-v10)/i, "EPL-1.0"],
  [/eclipse\.org\/org\/documents\/edl-v10/i, "BSD-3-Clause"],
  [/gnu\.org\/licenses\/old-licenses\/lgpl-2\.1/i, "LGPL-2.1-only"],
  [/opensource\.org\/licenses\/BSD-3-Clause/i, "BSD-3-Clause"],
];

/**
 * Licenses from a manifest `Bundle-License` header: a comma-separated list of SPDX ids,
 * names or URLs, each optionally followed by `;description=…;link=…` parameters. Known
 * license URLs become SPDX ids; anything else (SPDX ids included) is kept as given.
 */
export function readBundleLicense(header: string | undefined): string[] {
  if (header === undefined) return [];
  const out: string[] = [];
  for (const part of splitOutsideQuotes(header, ",")) {
    const value = (splitOutsideQuotes(part, ";")[0] ?? "").trim().replace(/^"|"$/g, "");
    if (value === "") continue;
    const known = knownLicenseUrls.find(([re]) => re.test(value))?.[1];
    const license = known ?? value;
    if (!out.includes(license)) out.push(license);
  }
  return out;
}

function splitOutsideQuotes(s: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === separator && !quoted) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
