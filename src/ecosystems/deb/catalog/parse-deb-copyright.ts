import { debianLicenseToSpdx } from "./debian-license-to-spdx.js";
import { parseDeb822 } from "./parse-deb822.js";

/** Files larger than this are read only this far: licenses are named near the top. */
const maxBytes = 1024 * 1024;

/**
 * The licenses a `/usr/share/doc/<package>/copyright` file names. Machine-readable
 * (DEP-5) files give them in `License:` fields; their first line is the short name,
 * mapped to SPDX where it maps (`GPL-2+` → `GPL-2.0-or-later`), else kept as written.
 * Free-form files name none we can trust beyond their pointers to
 * `/usr/share/common-licenses/<name>`, which are used the same way.
 */
export function parseDebCopyright(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, maxBytes)).toString("utf8");
  const names: string[] = [];
  let dep5 = false;
  parseDeb822(text, ({ fields }) => {
    if (fields.format !== undefined && /copyright-format|dep5|dep-5/i.test(fields.format)) dep5 = true;
    const license = fields.license?.split("\n")[0]?.trim();
    if (license) names.push(license);
  });
  if (!dep5) {
    names.length = 0;
    for (const m of text.matchAll(
      /\/usr\/share\/common-licenses\/([A-Za-z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+])/g,
    )) {
      names.push(m[1]!);
    }
  }
  const out: string[] = [];
  for (const name of names) {
    const license = debianLicenseToSpdx(name) ?? name;
    if (!out.includes(license)) out.push(license);
    if (out.length >= 50) break;
  }
  return out;
}
