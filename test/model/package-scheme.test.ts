import assert from "node:assert/strict";
import { test } from "node:test";
import type { Ecosystem } from "../../src/ecosystems/ecosystem.js";
import { ecosystems } from "../../src/ecosystems/index.js";
import { schemeForType } from "../../src/model/index.js";

test("every ecosystem orders its versions with the scheme the package-type map names", () => {
  for (const e of Object.values(ecosystems) as Ecosystem[]) {
    assert.equal(schemeForType(e.id), e.scheme, e.id);
  }
});
