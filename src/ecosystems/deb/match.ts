import { createDistroMatcher } from "../../match/index.js";

/**
 * Debian and Ubuntu packages: the release's own advisories, keyed by the source package
 * (Debian OVAL, security tracker, DSA/DLA lists, Ubuntu OSV) and compared with the Source
 * version (a binNMU `+b1` is not a newer upstream fix); Ubuntu's USN OVAL names binary
 * packages, so binary names are searched too and compared with the binary version.
 */
export const dpkgMatcher = createDistroMatcher({
  name: "dpkg-matcher",
  ecosystem: "deb",
  nameKindOf: (provider) => (provider.startsWith("ubuntu-oval") ? "binary" : "source"),
  searchBinaryNames: true,
  sourceVersionOf: (pkg) => pkg.source?.version || pkg.version,
});
