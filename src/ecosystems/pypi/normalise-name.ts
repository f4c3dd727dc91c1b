/**
 * PEP 503 normalised form of a Python distribution name: lower case, every run of `-`, `_`
 * and `.` collapsed to one `-` (`Foo.Bar_baz` → `foo-bar-baz`). Feeds (OSV PyPI) key on it.
 */
export function normalisePypiName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, "-");
}
