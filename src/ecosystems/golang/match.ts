import { type Candidate, createEcosystemMatcher } from "../../match/index.js";
import type { Package } from "../../model/index.js";

/**
 * Go modules in binaries. The standard library is the `stdlib` package at the binary's Go
 * version, in module-version form (`go1.21rc2` → `v1.21.0-rc.2`, as the Go vulnerability
 * database writes it). Advisories for the Go toolchain (module `toolchain`: cmd/go, cgo,
 * the linker) are skipped: that code is never compiled into a binary. A `(devel)` main
 * module has no release version and is not matched. Pseudo-versions order by the golang
 * scheme (`v0.0.0-20230101000000-abcdef` is a pre-release of its base).
 */
export const golangMatcher = createEcosystemMatcher({
  name: "go-module-matcher",
  ecosystem: "golang",
  versionOf(pkg) {
    if (pkg.name === "stdlib") {
      const v = goStdlibVersion(pkg.version) ?? goStdlibVersion(String(pkg.metadata?.goVersion ?? ""));
      return v ?? { unmatchable: `Go version ${pkg.version} cannot be read as a release` };
    }
    if (pkg.version === "(devel)" || pkg.version === "") {
      return {
        unmatchable: "a Go module built from a working tree, version (devel), has no release to compare",
      };
    }
    return pkg.version;
  },
  skip: skipToolchain,
});

/**
 * The Go vulnerability database files cmd/go, cgo and linker flaws under the module
 * `toolchain`, apart from `stdlib`; a feed that keys them otherwise is caught here.
 */
function skipToolchain(_pkg: Package, { affected }: Candidate): string | undefined {
  return affected.name === "toolchain"
    ? "a Go toolchain advisory (cmd/go, cgo, the linker): toolchain code is not compiled into binaries"
    : undefined;
}

/**
 * A Go release as a module version: `go1.19.8` / `1.19.8` / `v1.19.8` → `v1.19.8`,
 * `go1.21` → `v1.21.0`, `go1.21rc2` → `v1.21.0-rc.2`, `go1.9beta1` → `v1.9.0-beta.1`; a
 * GOEXPERIMENT suffix (`go1.20.1 X:boringcrypto`) is dropped. Undefined when it is not a
 * release.
 */
export function goStdlibVersion(raw: string): string | undefined {
  const m = /^(?:go|v)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?(?:[\s+-].*)?$/.exec(raw.trim());
  if (!m) return undefined;
  const [, major, minor, patch = "0", pre, preNumber] = m;
  return `v${major}.${minor}.${patch}${pre ? `-${pre}.${preNumber}` : ""}`;
}
