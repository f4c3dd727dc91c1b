import assert from "node:assert/strict";
import { test } from "node:test";
import { nuget } from "../../src/ecosystems/nuget/index.js";
import { catalogFixture, listIds } from "./fixture-dir.js";

test("deps.json: root project, direct and indirect packages, runtime packs; reference assemblies skipped", async () => {
  const deps = {
    runtimeTarget: { name: ".NETCoreApp,Version=v8.0/linux-x64" },
    targets: {
      ".NETCoreApp,Version=v8.0/linux-x64": {
        "Api/1.0.0": {
          dependencies: {
            Serilog: "3.0.1",
            Shared: "1.0.0",
            "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64": "8.0.0",
          },
        },
        "Serilog/3.0.1": { dependencies: { "System.Text.Json": "8.0.0" } },
        "System.Text.Json/8.0.0": {},
        "Shared/1.0.0": {},
      },
    },
    libraries: {
      "Api/1.0.0": { type: "project", serviceable: false, sha512: "" },
      "Serilog/3.0.1": { type: "package", sha512: "sha512-x", path: "serilog/3.0.1" },
      "System.Text.Json/8.0.0": { type: "package" },
      "Shared/1.0.0": { type: "project" },
      "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0": { type: "runtimepack" },
      "mscorlib/4.0.0.0": { type: "referenceassembly" },
      "bad-key": { type: "package" },
    },
  };
  const { packages } = await catalogFixture(nuget.catalogers, { "/app/Api.deps.json": JSON.stringify(deps) });
  assert.deepEqual(listIds(packages), [
    "Api@1.0.0",
    "Microsoft.NETCore.App.Runtime.linux-x64@8.0.0",
    "Serilog@3.0.1",
    "Shared@1.0.0",
    "System.Text.Json@8.0.0",
  ]);
  const rel = Object.fromEntries(packages.map((p) => [p.name, p.metadata?.relationship]));
  assert.deepEqual(rel, {
    Api: "root",
    Serilog: "direct",
    "System.Text.Json": "indirect",
    Shared: "direct",
    "Microsoft.NETCore.App.Runtime.linux-x64": "direct",
  });
});

test("packages.lock.json: one package per version across frameworks; projects skipped; dir: only", async () => {
  const lock = {
    version: 1,
    dependencies: {
      "net6.0": {
        "Newtonsoft.Json": { type: "Direct", requested: "[13.0.3, )", resolved: "13.0.3" },
        "System.Memory": { type: "Transitive", resolved: "4.5.5" },
        "My.Project": { type: "Project" },
      },
      "net8.0": {
        "Newtonsoft.Json": { type: "Direct", resolved: "13.0.3" },
        "System.Memory": { type: "CentralTransitive", resolved: "4.5.5" },
      },
    },
  };
  const files = { "/src/packages.lock.json": JSON.stringify(lock) };
  const { packages } = await catalogFixture(nuget.catalogers, files, { directoryTarget: true });
  assert.deepEqual(listIds(packages), ["Newtonsoft.Json@13.0.3", "System.Memory@4.5.5"]);
  assert.deepEqual(packages.find((p) => p.name === "System.Memory")?.metadata?.frameworks, [
    "net6.0",
    "net8.0",
  ]);
  assert.deepEqual((await catalogFixture(nuget.catalogers, files)).packages, []);
  const draft = packages[0];
  assert.ok(draft);
  assert.equal(nuget.purl(draft), `pkg:nuget/${draft.name}@${draft.version}`);
});
