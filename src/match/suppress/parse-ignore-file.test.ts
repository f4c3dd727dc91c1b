import assert from "node:assert/strict";
import { test } from "node:test";
import { isDrydockError } from "../../model/index.js";
import { parseIgnoreFile } from "./parse-ignore-file.js";

test("an ignore file with every selector reads into rules, values kept as written", () => {
  const rules = parseIgnoreFile(
    [
      "version: 1",
      "rules:",
      "  - vulnerability: CVE-2024-47764",
      "    reason: cookie names are never taken from user input",
      "    expires: 2026-03-31",
      "  - package:",
      "      purl: pkg:pypi/urllib3",
      "      name: urllib3",
      "      version: 1.26.10",
      "      type: pypi",
      "    path: /usr/lib/python3/**",
      "    fix-state: not-fixed",
      '    reason: "vendored copy, patched by Debian"',
      "    expires: 2026-03-31T12:00:00+02:00",
    ].join("\n"),
    ".drydock-ignore.yaml",
  );
  assert.equal(rules.length, 2);
  assert.deepEqual(rules[0], {
    index: 1,
    file: ".drydock-ignore.yaml",
    vulnerability: "CVE-2024-47764",
    reason: "cookie names are never taken from user input",
    expires: { text: "2026-03-31", at: new Date("2026-04-01T00:00:00Z") },
  });
  // `1.26.10` must not become the number 1.2610 → "1.2610"; nor 1.10 → 1.1.
  assert.deepEqual(rules[1]!.package, {
    purl: "pkg:pypi/urllib3",
    name: "urllib3",
    version: "1.26.10",
    type: "pypi",
  });
  assert.equal(rules[1]!.path, "/usr/lib/python3/**");
  assert.equal(rules[1]!.fixState, "not-fixed");
  assert.equal(rules[1]!.expires!.at.toISOString(), "2026-03-31T10:00:00.000Z");
});

test("an empty ignore file, or one without rules, holds no rules", () => {
  assert.deepEqual(parseIgnoreFile("", "f.yaml"), []);
  assert.deepEqual(parseIgnoreFile("# nothing yet\n", "f.yaml"), []);
  assert.deepEqual(parseIgnoreFile("rules: []\n", "f.yaml"), []);
  assert.deepEqual(parseIgnoreFile("rules:\n", "f.yaml"), []);
});

for (const [name, text, cause] of [
  ["YAML syntax", "rules:\n  - reason: a\n   vulnerability: [\n", /ignore file bad\.yaml: not valid YAML/],
  ["a list at the top", "- reason: a\n", /top level must be a mapping/],
  ["an unknown top-level key", "rule:\n  - reason: a\n", /unknown top-level key "rule"/],
  [
    "an unknown rule key (a typo)",
    "rules:\n  - vulnerabilty: CVE-1\n    reason: a\n",
    /rule 1: unknown key "vulnerabilty"/,
  ],
  ["a rule without reason", "rules:\n  - vulnerability: CVE-2024-1\n", /rule 1: "reason" is required/],
  ["a rule without selector", "rules:\n  - reason: everything\n", /rule 1: needs at least one of/],
  [
    "a bad expiry",
    "rules:\n  - vulnerability: CVE-1\n    reason: a\n    expires: next week\n",
    /"expires" "next week" is not a date/,
  ],
  [
    "a day that does not exist",
    "rules:\n  - vulnerability: CVE-1\n    reason: a\n    expires: 2026-02-30\n",
    /not a date/,
  ],
  ["an unknown fix state", "rules:\n  - fix-state: wontfix\n    reason: a\n", /"fix-state" must be one of/],
  [
    "a bad purl",
    "rules:\n  - package:\n      purl: npm/express\n    reason: a\n",
    /package\.purl "npm\/express" is not a valid package URL/,
  ],
  [
    "an unknown package key",
    "rules:\n  - package:\n      names: x\n    reason: a\n",
    /unknown package key "names"/,
  ],
  [
    "a list as vulnerability",
    "rules:\n  - vulnerability: [a, b]\n    reason: a\n",
    /"vulnerability" must be a single value/,
  ],
  [
    "a later rule",
    "rules:\n  - vulnerability: CVE-1\n    reason: ok\n  - path: /x\n",
    /rule 2: "reason" is required/,
  ],
  ["an unsupported version", "version: 2\nrules: []\n", /unsupported version "2"/],
] as const) {
  test(`a malformed ignore file is refused with DRYDOCK_CONFIG_INVALID: ${name}`, () => {
    assert.throws(
      () => parseIgnoreFile(text, "bad.yaml"),
      (e) =>
        isDrydockError(e) && e.code === "DRYDOCK_CONFIG_INVALID" && e.exitCode === 2 && cause.test(e.message),
    );
  });
}
