import { createRequire } from "node:module";
import type parseSpdxExpression from "spdx-expression-parse";

const require = createRequire(import.meta.url);
let parser: typeof parseSpdxExpression | undefined;

/**
 * spdx-expression-parse, loaded on first use (CommonJS, so synchronously): only reading a
 * layer's copyright files needs it, and a run served by the layer cache reads none.
 */
function parseSpdx(expression: string): ReturnType<typeof parseSpdxExpression> {
  parser ??= require("spdx-expression-parse") as typeof parseSpdxExpression;
  return parser(expression);
}

/**
 * Debian's DEP-5 short license names (https://dep-team.pages.debian.net/deps/dep5/#license-short-name)
 * that differ from SPDX ids, lower-cased. GNU licenses get `-only` / `-or-later` from the
 * `+` suffix.
 */
const gnu: Readonly<Record<string, string>> = {
  "gpl-1": "GPL-1.0",
  "gpl-2": "GPL-2.0",
  "gpl-3": "GPL-3.0",
  "lgpl-2": "LGPL-2.0",
  "lgpl-2.1": "LGPL-2.1",
  "lgpl-3": "LGPL-3.0",
  "agpl-3": "AGPL-3.0",
  "gfdl-1.2": "GFDL-1.2",
  "gfdl-1.3": "GFDL-1.3",
};
const others: Readonly<Record<string, string>> = {
  expat: "MIT",
  mit: "MIT",
  "bsd-2-clause": "BSD-2-Clause",
  "bsd-3-clause": "BSD-3-Clause",
  "bsd-4-clause": "BSD-4-Clause",
  isc: "ISC",
  zlib: "Zlib",
  artistic: "Artistic-1.0",
  "artistic-2.0": "Artistic-2.0",
  "apache-2.0": "Apache-2.0",
  "mpl-1.1": "MPL-1.1",
  "mpl-2.0": "MPL-2.0",
  "cc0-1.0": "CC0-1.0",
  "psf-2": "PSF-2.0",
  "python-2.0": "Python-2.0",
  "ofl-1.1": "OFL-1.1",
  curl: "curl",
  openssl: "OpenSSL",
  unicode: "Unicode-DFS-2016",
};

/**
 * Turns a DEP-5 `License:` short name or expression (`GPL-2+ or Artistic`) into an SPDX
 * expression (`GPL-2.0-or-later OR Artistic-1.0`). Undefined when a term has no SPDX
 * equivalent (`public-domain`, `permissive`, `GPL-2+ with OpenSSL exception`): the
 * caller keeps the raw name then.
 */
export function debianLicenseToSpdx(raw: string): string | undefined {
  // Copyright files repeat a few dozen license names across hundreds of packages.
  if (converted.has(raw)) return converted.get(raw);
  const spdx = convert(raw);
  if (converted.size >= maxConverted) converted.clear();
  converted.set(raw, spdx);
  return spdx;
}

const converted = new Map<string, string | undefined>();
const maxConverted = 10_000;

function convert(raw: string): string | undefined {
  const text = raw.trim().replace(/,\s*(or|and)\s+/gi, " $1 ");
  if (!text) return undefined;
  const terms = text.split(/\s+(or|and)\s+/i);
  const out: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    if (i % 2 === 1) {
      out.push(terms[i]!.toUpperCase());
      continue;
    }
    const id = termToSpdx(terms[i]!);
    if (!id) return undefined;
    out.push(id);
  }
  const expression = out.join(" ");
  try {
    parseSpdx(expression);
    return expression;
  } catch {
    return undefined;
  }
}

function termToSpdx(term: string): string | undefined {
  const lower = term.toLowerCase();
  const plus = lower.endsWith("+");
  const base = plus ? lower.slice(0, -1) : lower;
  const family = gnu[base] ?? gnu[base.replace(/\.0$/, "")];
  if (family) return `${family}-${plus ? "or-later" : "only"}`;
  const mapped = others[base];
  if (mapped) return plus ? `${mapped}+` : mapped;
  try {
    // Already an SPDX id (`Apache-2.0`, `MIT`, `GPL-2.0-only`).
    const parsed = parseSpdx(term);
    return "license" in parsed ? term : undefined;
  } catch {
    return undefined;
  }
}
