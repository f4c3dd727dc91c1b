// Bundles the CLI (src/cli/main.ts and everything it loads, dependencies included) into
// dist/bin/: one entry file plus the chunks its lazy `import()`s load. A command then reads a
// handful of files instead of resolving and compiling some four hundred modules, which is
// most of a warm run (docs/benchmarks.md). dist/ (tsc's output) stays the library and the
// reference; the bundle is what `bin` and the quick start run.
//
// Kept out of the bundle: better-sqlite3 (a native addon, found through node_modules) and
// the CycloneDX library, which src/report/sbom/cyclonedx-library.ts loads with `require`
// by subpath on first use. Chunks sit beside the entry so that paths resolved from
// `import.meta.url` (package.json, node_modules) are the same from every file.
import { rm } from "node:fs/promises";
import { build } from "esbuild";

const outdir = "dist/bin";
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { drydock: "src/cli/main.ts" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  chunkNames: "chunk-[hash]",
  external: ["better-sqlite3", "@cyclonedx/cyclonedx-library"],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __drydockRequire } from "node:module";\nconst require = __drydockRequire(import.meta.url);',
  },
  legalComments: "eof",
  logLevel: "warning",
});
