/**
 * Checks a version string the way dpkg's `parseversion` does (lib/dpkg/parse-version.c):
 * `error` for what dpkg refuses (empty parts, bad epoch, spaces), `warning` for what it
 * accepts with a warning (no leading digit, characters outside `[A-Za-z0-9.+~-]`).
 * Undefined when the version is clean. Surrounding whitespace is ignored, as dpkg trims it.
 */
export function checkDpkgVersion(raw: string): { level: "error" | "warning"; reason: string } | undefined {
  const version = raw.trim();
  if (version === "") return { level: "error", reason: "version string is empty" };
  if (/\s/.test(version)) return { level: "error", reason: "version string has embedded spaces" };
  let rest = version;
  const colon = version.indexOf(":");
  if (colon >= 0) {
    const epoch = version.slice(0, colon);
    if (epoch === "") return { level: "error", reason: "epoch in version is empty" };
    if (!/^\d+$/.test(epoch)) return { level: "error", reason: "epoch in version is not number" };
    if (Number(epoch) > 2147483647) return { level: "error", reason: "epoch in version is too big" };
    rest = version.slice(colon + 1);
    if (rest === "") return { level: "error", reason: "nothing after colon in version number" };
  }
  const dash = rest.lastIndexOf("-");
  const upstream = dash >= 0 ? rest.slice(0, dash) : rest;
  const revision = dash >= 0 ? rest.slice(dash + 1) : undefined;
  if (revision === "") return { level: "error", reason: "revision number is empty" };
  if (upstream === "") return { level: "error", reason: "version number is empty" };
  if (!/^\d/.test(upstream)) return { level: "warning", reason: "version number does not start with digit" };
  if (!/^[A-Za-z0-9.+~:-]*$/.test(upstream))
    return { level: "warning", reason: "invalid character in version number" };
  if (revision !== undefined && !/^[A-Za-z0-9.+~]*$/.test(revision)) {
    return { level: "warning", reason: "invalid character in revision number" };
  }
  return undefined;
}
