/**
 * Converts a Go toolchain version (`go1.19.8`, `go1.21rc2`, `go1.20.1 X:boringcrypto`) to the
 * module-style semver drydock records for the `stdlib` package (`v1.19.8`, `v1.21.0-rc.2`),
 * the same mapping golang.org/x/vuln applies before comparing with the Go vulnerability
 * database (whose `stdlib` ranges are semver: `1.19.9`). Undefined for versions that carry no
 * release number (`devel go1.22-abc123 …`).
 */
export function goToolchainToSemver(goVersion: string): string | undefined {
  const m = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(goVersion.split(/\s/)[0] ?? "");
  if (m === null) return undefined;
  const [, major, minor = "0", patch = "0", pre, preNumber] = m;
  return `v${major}.${minor}.${patch}${pre ? `-${pre}.${preNumber}` : ""}`;
}
