import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { DrydockError, ExitCode, errorCodes } from "../../src/model/index.js";

const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");

test("every error code is documented in docs/errors.md with its exit code", () => {
  for (const [code, { exit }] of Object.entries(errorCodes)) {
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${code}\` `));
    assert.ok(row, `${code} has no row in docs/errors.md`);
    assert.match(
      row,
      new RegExp(`\\|\\s*${exit}\\s*\\|`),
      `${code}: docs/errors.md does not give exit ${exit}`,
    );
  }
});

test("docs/errors.md documents no code that does not exist", () => {
  const documented = [...doc.matchAll(/^\| `(DRYDOCK_[A-Z_]+)` /gm)].map((m) => m[1]);
  for (const code of documented) assert.ok(code! in errorCodes, `docs/errors.md lists unknown code ${code}`);
});

test("a DrydockError maps its code to the documented exit code", () => {
  assert.equal(new DrydockError("DRYDOCK_DIGEST_MISMATCH", "x").exitCode, ExitCode.target);
  assert.equal(new DrydockError("DRYDOCK_DB_SCHEMA", "x").exitCode, ExitCode.database);
  assert.equal(new DrydockError("DRYDOCK_USAGE", "x").exitCode, ExitCode.usage);
});
