/**
 * Import boundaries between src/ folders, as DESIGN.md section 2 fixes them.
 * Data flows one way: no stage imports a later one; only app/ wires stages together.
 */
const stage = (from, allowed) => ({
  name: `${from}-imports`,
  comment: `src/${from} may import only: ${allowed.join(", ") || "nothing from src"}`,
  severity: "error",
  from: { path: `^src/${from}/` },
  to: {
    path: "^src/",
    pathNot: [`^src/${from}/`, ...allowed.map((a) => `^src/${a}/`)],
  },
});

module.exports = {
  forbidden: [
    stage("model", []),
    stage("versioning", ["model"]),
    stage("image", ["model"]),
    stage("fs", ["model", "image"]),
    stage("catalog", ["model", "versioning", "fs"]),
    stage("feeds", ["model", "versioning"]),
    stage("db", ["model", "versioning"]),
    stage("match", ["model", "versioning", "db"]),
    stage("enrich", ["model", "db"]),
    stage("report", ["model", "versioning"]),
    stage("cli", ["app", "report", "model"]),
    {
      name: "ecosystems-are-independent",
      comment: "an ecosystem folder never imports another ecosystem",
      severity: "error",
      from: { path: "^src/ecosystems/([^/]+)/" },
      to: { path: "^src/ecosystems/([^/]+)/", pathNot: "^src/ecosystems/$1/" },
    },
    {
      name: "ecosystems-imports",
      comment: "ecosystems import model, versioning, feeds and stage helpers (catalog, match, fs types)",
      severity: "error",
      from: { path: "^src/ecosystems/" },
      to: { path: "^src/(app|cli|service|report|db|image)/" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
