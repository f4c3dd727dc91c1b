import assert from "node:assert/strict";
import { test } from "node:test";
import { composer } from "../../src/ecosystems/composer/index.js";
import { catalogFixture, listIds } from "./fixture-dir.js";

const makeManifest = (name: string, version: string, extra: Record<string, unknown> = {}) => ({
  name,
  version,
  ...extra,
});

test("installed.json v2: dev-package-names flag dev, licenses kept; composer.lock only for dir: targets", async () => {
  const installed = {
    packages: [
      makeManifest("monolog/monolog", "3.4.0", { license: ["MIT"], type: "library" }),
      makeManifest("phpunit/phpunit", "10.3.2", { license: "BSD-3-Clause" }),
      { name: "incomplete/package" },
    ],
    dev: true,
    "dev-package-names": ["phpunit/phpunit"],
  };
  const lock = {
    packages: [makeManifest("monolog/monolog", "3.4.0")],
    "packages-dev": [makeManifest("phpunit/phpunit", "10.3.2")],
  };
  const files = {
    "/var/www/vendor/composer/installed.json": JSON.stringify(installed),
    "/var/www/composer.lock": JSON.stringify(lock),
    "/var/www/vendor/some/lib/composer.lock": JSON.stringify({
      packages: [makeManifest("vendored/x", "1.0.0")],
    }),
  };
  const image = await catalogFixture(composer.catalogers, files, { directoryTarget: false });
  assert.deepEqual(listIds(image.packages), ["monolog/monolog@3.4.0", "phpunit/phpunit@10.3.2"]);
  const phpunit = image.packages.find((p) => p.name === "phpunit/phpunit");
  assert.equal(phpunit?.metadata?.dev, true);
  assert.deepEqual(phpunit?.licenses, ["BSD-3-Clause"]);
  const dir = await catalogFixture(composer.catalogers, files, { directoryTarget: true });
  assert.equal(dir.packages.filter((p) => p.foundBy === "composer-lock-cataloger").length, 2);
  assert.ok(
    !dir.packages.some((p) => p.name === "vendored/x"),
    "a lockfile inside vendor/ is not the project's",
  );
});

test("composer: malformed files are diagnostics; purl uses the vendor as namespace", async () => {
  const { packages, diagnostics } = await catalogFixture(composer.catalogers, {
    "/a/vendor/composer/installed.json": '{"packages": [',
    "/b/vendor/composer/installed.json": JSON.stringify({ something: "else" }),
  });
  assert.deepEqual(packages, []);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ["parse-error", "parse-error"],
  );
  const draft = {
    name: "Symfony/Console",
    version: "v6.3.4",
    type: "composer" as const,
    locations: [],
    foundBy: "t",
    licenses: [],
  };
  assert.equal(composer.purl(draft), "pkg:composer/symfony/console@v6.3.4");
  assert.equal(composer.normaliseName?.("Symfony/Console"), "symfony/console");
});
