import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileFileMatcher, compileFileSelector } from "../../src/fs/index.js";

const selectors = {
  "dpkg-db-cataloger": { paths: ["/var/lib/dpkg/status", "var/lib/dpkg/status.d/../status"] },
  "apk-db-cataloger": { paths: ["/lib/apk/db/installed"] },
  "npm-cataloger": { basenames: ["package.json", "package-lock.json"], maxSize: 1000 },
  "java-archive-cataloger": { suffixes: [".jar", ".war"], globs: ["**/META-INF/MANIFEST.MF"] },
  "python-cataloger": { globs: ["/usr/lib/python3*/**/METADATA", "**/*.egg-info/PKG-INFO"] },
  "go-binary-cataloger": { executables: true, maxSize: 10_000 },
  "dotenv-cataloger": { globs: ["**/.env"] },
};

describe("compileFileMatcher", () => {
  const oversized: string[] = [];
  const matcher = compileFileMatcher(selectors, {
    onOversize: (path, size, keys) => oversized.push(`${path}:${size}:${keys.join(",")}`),
  });

  const cases: [string, number, number, string[]][] = [
    ["/var/lib/dpkg/status", 10, 0o644, ["dpkg-db-cataloger"]],
    ["/var/lib/dpkg/status-old", 10, 0o644, []],
    ["/lib/apk/db/installed", 10, 0o644, ["apk-db-cataloger"]],
    ["/app/node_modules/ms/package.json", 10, 0o644, ["npm-cataloger"]],
    ["/app/package.json.bak", 10, 0o644, []],
    ["/usr/share/java/log4j-1.2.jar", 10, 0o644, ["java-archive-cataloger"]],
    ["/opt/x/META-INF/MANIFEST.MF", 10, 0o644, ["java-archive-cataloger"]],
    ["/usr/lib/python3.11/dist-packages/requests-2.28.1.dist-info/METADATA", 10, 0o644, ["python-cataloger"]],
    ["/usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", 10, 0o644, ["python-cataloger"]],
    ["/usr/local/lib/python3.11/METADATA", 10, 0o644, []],
    ["/usr/bin/umoci", 5000, 0o755, ["go-binary-cataloger"]],
    ["/usr/bin/big-jar-runner.jar", 5000, 0o755, ["java-archive-cataloger", "go-binary-cataloger"]],
    ["/usr/bin/umoci", 5000, 0o644, []],
    ["/app/.env", 10, 0o644, ["dotenv-cataloger"]],
    ["/app/config/.env", 10, 0o600, ["dotenv-cataloger"]],
  ];
  for (const [path, size, mode, expected] of cases) {
    it(`${path} (${size} B, ${mode.toString(8)}) → ${expected.join(", ") || "none"}`, () => {
      assert.deepEqual(matcher.matchers(path, size, mode), expected);
      assert.equal(matcher.select(path, size, mode), expected.length > 0);
    });
  }

  it("maxSize excludes a file from that selector only, and reports the skip", () => {
    oversized.length = 0;
    assert.equal(matcher.select("/app/package.json", 5000, 0o644), false);
    assert.deepEqual(matcher.matchers("/app/package.json", 5000, 0o644), []);
    assert.deepEqual(oversized, ["/app/package.json:5000:npm-cataloger"]);
    oversized.length = 0;
    // Over the Go cataloger's cap but still wanted by the jar cataloger: selected, no report.
    assert.equal(matcher.select("/opt/app.jar", 50_000, 0o755), true);
    assert.deepEqual(matcher.matchers("/opt/app.jar", 50_000, 0o755), ["java-archive-cataloger"]);
    assert.deepEqual(oversized, []);
  });

  it("keys keep the declared order", () => {
    assert.deepEqual(matcher.keys, Object.keys(selectors));
  });

  it("compileFileSelector gives a bare predicate", () => {
    const select = compileFileSelector({ globs: ["etc/*-release"], paths: ["/etc/os-release"] });
    assert.equal(select("/etc/os-release", 1, 0o644), true);
    assert.equal(select("/etc/alpine-release", 1, 0o644), true);
    assert.equal(select("/usr/etc/alpine-release", 1, 0o644), false);
    assert.equal(compileFileSelector({})("/anything", 1, 0o755), false);
  });
});
