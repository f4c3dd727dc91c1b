/**
 * Splits a SOURCERPM file name (`openssl-3.0.7-24.el9.src.rpm`) into the source package's
 * name, version and release (`openssl`, `3.0.7`, `24.el9`). The name may hold dashes; the
 * version and release never do. Undefined when the name does not have that shape.
 */
export function parseSourceRpm(
  fileName: string,
): { name: string; version: string; release: string } | undefined {
  const base = fileName.replace(/\.(?:no)?src\.rpm$/, "");
  if (base === fileName) return undefined;
  const releaseDash = base.lastIndexOf("-");
  if (releaseDash <= 0) return undefined;
  const versionDash = base.lastIndexOf("-", releaseDash - 1);
  if (versionDash <= 0) return undefined;
  const name = base.slice(0, versionDash);
  const version = base.slice(versionDash + 1, releaseDash);
  const release = base.slice(releaseDash + 1);
  if (!version || !release) return undefined;
  return { name, version, release };
}
