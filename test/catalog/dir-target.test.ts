import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";

const root = mkdtempSync(join(tmpdir(), "drydock-dir-target-"));
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), content);
}

write(
  "app/package.json",
  JSON.stringify({ name: "web", version: "1.0.0", dependencies: { express: "4.17.1" } }),
);
write(
  "app/package-lock.json",
  JSON.stringify({
    name: "web",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: {
      "": { name: "web", version: "1.0.0", dependencies: { express: "4.17.1" } },
      "node_modules/express": { version: "4.17.1", license: "MIT" },
      "node_modules/left-pad": { version: "1.3.0", dev: true },
    },
  }),
);
write(
  "app/node_modules/express/package.json",
  JSON.stringify({ name: "express", version: "4.17.1", license: "MIT" }),
);
// A symlink pointing out of the root must be read inside it, never on the host.
symlinkSync("/etc/passwd", join(root, "app", "escape"));

test("a dir: target reads lockfiles too, and a locked package that is installed is one package", async () => {
  const sbom = await catalogImage(`dir:${root}`, { layerCache: false });
  const express = sbom.packages.filter((p) => p.name === "express");
  assert.equal(express.length, 1, "express once");
  assert.deepEqual(express[0]!.locations.map((l) => l.path).sort(), [
    "/app/node_modules/express/package.json",
    "/app/package-lock.json",
  ]);
  // Only in the lockfile (dev dependency, not installed): reported from the lockfile.
  const leftPad = sbom.packages.find((p) => p.name === "left-pad");
  assert.equal(leftPad?.locations[0]?.path, "/app/package-lock.json");
});
