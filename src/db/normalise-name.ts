/**
 * Normalises a package name to the form the advisory store indexes it under, so that a
 * query and a feed that spell the same package differently still meet:
 * PyPI per PEP 503 (`Foo_Bar.baz` → `foo-bar-baz`), lower case where the registry is
 * case-insensitive (npm, NuGet, Composer/Packagist, crates.io). Other ecosystems (Go module
 * paths, Maven coordinates, RubyGems, distro packages) are case-sensitive and kept as is.
 */
export function normalisePackageName(ecosystem: string, name: string): string {
  const trimmed = name.trim();
  switch (ecosystem) {
    case "pypi":
      return trimmed.toLowerCase().replace(/[-_.]+/g, "-");
    case "npm":
    case "nuget":
    case "composer":
    case "cargo":
      return trimmed.toLowerCase();
    case "git":
      // A repository URL: hosts and GitHub paths are case-insensitive; `.git` and a trailing
      // slash are spelling variants of the same repository.
      return trimmed
        .toLowerCase()
        .replace(/\/+$/, "")
        .replace(/\.git$/, "");
    default:
      return trimmed;
  }
}
