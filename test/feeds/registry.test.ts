import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { importers } from "../../src/app/importers.js";
import type { Importer } from "../../src/model/index.js";
import { repoRoot } from "./feed-test-helpers.js";

function isImporter(v: unknown): v is Importer {
  const o = v as Partial<Importer> | null;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.name === "string" &&
    typeof o.detect === "function" &&
    typeof o.parse === "function"
  );
}

/** Every `*-importer.ts` module under src/feeds and src/ecosystems/<eco>/feeds. */
function importerModules(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith("-importer.ts") && !e.name.endsWith(".test.ts")) out.push(full);
    }
  };
  walk(join(repoRoot, "src/feeds"));
  for (const eco of readdirSync(join(repoRoot, "src/ecosystems"), { withFileTypes: true })) {
    if (!eco.isDirectory()) continue;
    try {
      walk(join(repoRoot, "src/ecosystems", eco.name, "feeds"));
    } catch {
      // an ecosystem without feeds
    }
  }
  return out;
}

describe("importer registry", () => {
  it("keys each importer by its own name", () => {
    for (const [key, importer] of Object.entries(importers)) assert.equal(importer.name, key);
  });

  it("gives each upstream provider to one importer only", () => {
    const owner = new Map<string, string>();
    for (const importer of Object.values(importers) as Importer[]) {
      for (const u of importer.upstream) {
        const prev = owner.get(u.provider);
        assert.ok(
          prev === undefined || prev === importer.name,
          `${u.provider} is fetched by ${prev} and ${importer.name}`,
        );
        owner.set(u.provider, importer.name);
      }
    }
  });

  it("registers every importer a *-importer.ts module exports", async () => {
    const registered = new Set<Importer>(Object.values(importers));
    const missing: string[] = [];
    for (const file of importerModules()) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [exported, value] of Object.entries(mod)) {
        if (isImporter(value) && !registered.has(value))
          missing.push(`${relative(repoRoot, file)}: ${exported}`);
      }
    }
    assert.deepEqual(missing, [], "add these to src/app/importers.ts");
  });
});
