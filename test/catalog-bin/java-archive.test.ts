import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type { FileParseResult } from "../../src/catalog/cataloger.js";
import { readBundleLicense } from "../../src/ecosystems/maven/catalog/bundle-license.js";
import { guessFromFileName } from "../../src/ecosystems/maven/catalog/guess-from-file-name.js";
import { javaArchiveCataloger } from "../../src/ecosystems/maven/catalog/java-archive-cataloger.js";
import { manifestValue, parseManifest } from "../../src/ecosystems/maven/catalog/parse-manifest.js";
import { parseProperties } from "../../src/ecosystems/maven/catalog/parse-pom-properties.js";
import { maven } from "../../src/ecosystems/maven/index.js";
import { testLayer } from "../helpers/catalog-case.js";
import { parseJar } from "./helpers/parse.js";
import { jarWithPom, pomProperties, writeZip } from "./helpers/zip-writer.js";

const names = (r: FileParseResult) => r.packages.map((p) => `${p.name}@${p.version}`);

describe("java-archive-cataloger", () => {
  it("selects Java archive suffixes only", () => {
    const sel = javaArchiveCataloger.selects;
    for (const s of [".jar", ".war", ".ear", ".par", ".jpi", ".hpi", ".sar", ".nar", ".kar"]) {
      assert.ok(sel.suffixes?.includes(s), s);
    }
    assert.equal(sel.executables, undefined);
    assert.ok((sel.maxSize ?? 0) >= 64 * 1024 * 1024);
  });

  it("reports a pom.properties artifact with groupId:artifactId, purl, sha1 and location", async () => {
    const jar = jarWithPom("org.example", "widget", "1.4.2");
    const r = await parseJar("/opt/app/widget.jar", jar);
    assert.deepEqual(names(r), ["org.example:widget@1.4.2"]);
    const p = r.packages[0]!;
    assert.equal(p.type, "maven");
    assert.equal(p.foundBy, "java-archive-cataloger");
    assert.equal(p.confidence, undefined);
    assert.deepEqual(p.locations, [{ path: "/opt/app/widget.jar", layer: testLayer }]);
    assert.equal(p.metadata?.sha1, createHash("sha1").update(jar).digest("hex"));
    assert.equal(p.metadata?.archivePath, "/opt/app/widget.jar");
    assert.equal(p.metadata?.groupId, "org.example");
    assert.equal(p.metadata?.pomProperties, "META-INF/maven/org.example/widget/pom.properties");
    assert.equal(maven.purl(p), "pkg:maven/org.example/widget@1.4.2");
    assert.deepEqual(r.diagnostics, []);
  });

  it("reports every artifact of a shaded jar, and pom.properties wins over the manifest", async () => {
    const jar = writeZip([
      {
        name: "META-INF/MANIFEST.MF",
        data: "Manifest-Version: 1.0\nImplementation-Title: fat\nImplementation-Version: 9\n",
      },
      {
        name: "META-INF/maven/a.b/one/pom.properties",
        data: pomProperties("a.b", "one", "1.0"),
        method: "deflate",
      },
      { name: "META-INF/maven/c.d/two/pom.properties", data: pomProperties("c.d", "two", "2.0-rc1") },
      { name: "com/example/Main.class", data: Buffer.alloc(64) },
    ]);
    const r = await parseJar("/app/fat.jar", jar);
    assert.deepEqual(names(r), ["a.b:one@1.0", "c.d:two@2.0-rc1"]);
  });

  it("reads archives nested in war/ear/Spring Boot layouts, with nested archive paths", async () => {
    const lib = jarWithPom("org.lib", "lib", "3.1");
    const boot = writeZip([
      { name: "META-INF/maven/org.app/boot/pom.properties", data: pomProperties("org.app", "boot", "0.9") },
      { name: "BOOT-INF/lib/lib-3.1.jar", data: lib },
    ]);
    const war = writeZip([
      { name: "WEB-INF/lib/boot.jar", data: boot, method: "deflate" },
      { name: "WEB-INF/lib/readme.txt", data: "not an archive" },
    ]);
    const ear = writeZip([{ name: "lib/site.war", data: war }]);
    const r = await parseJar("/srv/site.ear", ear);
    assert.deepEqual(names(r).sort(), ["org.app:boot@0.9", "org.lib:lib@3.1"]);
    const lib31 = r.packages.find((p) => p.name === "org.lib:lib")!;
    assert.equal(
      lib31.metadata?.archivePath,
      "/srv/site.ear!/lib/site.war!/WEB-INF/lib/boot.jar!/BOOT-INF/lib/lib-3.1.jar",
    );
    assert.equal(lib31.metadata?.sha1, createHash("sha1").update(lib).digest("hex"));
    assert.deepEqual(lib31.locations, [{ path: "/srv/site.ear", layer: testLayer }]);
  });

  it("falls back to the manifest (main or entry section), without a groupId", async () => {
    const manifest = [
      "Manifest-Version: 1.0",
      "Bundle-SymbolicName: org.apache.log4j;singleton:=true",
      "Bundle-Version: 1.2.17",
      "Bundle-License: http://www.apache.org/licenses/LICENSE-2.0.txt",
      'Export-Package: org.apache.log4j;uses:="org.apache.log4j.helpers,org.a',
      ' pache.log4j.or"',
      "",
      "Name: org/apache/log4j",
      "Implementation-Title: log4j",
      'Implementation-Vendor: "Apache Software Foundation"',
      "Implementation-Version: 1.2.17",
      "",
    ].join("\r\n");
    const r = await parseJar(
      "/usr/share/java/log4j-1.2-1.2.17.jar",
      writeZip([{ name: "META-INF/MANIFEST.MF", data: manifest }]),
    );
    assert.deepEqual(names(r), ["log4j@1.2.17"]);
    const p = r.packages[0]!;
    assert.equal(p.confidence, undefined, "manifest-stated identity is not a guess");
    assert.equal(p.metadata?.identifiedBy, "manifest");
    assert.equal(p.metadata?.groupId, undefined);
    assert.deepEqual(p.licenses, ["Apache-2.0"]);
    assert.equal(maven.purl(p), "pkg:maven/log4j/log4j@1.2.17");
  });

  it("uses Bundle-SymbolicName without its directives when there is no Implementation-Title", async () => {
    const mf =
      "Manifest-Version: 1.0\nBundle-SymbolicName: org.mongodb.bson; singleton:=true\nBundle-Version: 3.6.3\n";
    const r = await parseJar(
      "/usr/share/java/bson-3.6.3.jar",
      writeZip([{ name: "META-INF/MANIFEST.MF", data: mf }]),
    );
    assert.deepEqual(names(r), ["org.mongodb.bson@3.6.3"]);
  });

  it("guesses from the file name with low confidence when nothing inside names the archive", async () => {
    const r = await parseJar(
      "/usr/share/java/aopalliance-1.0.jar",
      writeZip([{ name: "org/aopalliance/A.class", data: "x" }]),
    );
    assert.deepEqual(names(r), ["aopalliance@1.0"]);
    assert.equal(r.packages[0]!.confidence, "low");
    assert.equal(r.packages[0]!.metadata?.identifiedBy, "file-name");
    // A manifest title without a version: the version comes from the file name, still a guess.
    const mf = "Manifest-Version: 1.0\nImplementation-Title: commons-thing\n";
    const r2 = await parseJar(
      "/x/commons-thing-2.5.jar",
      writeZip([{ name: "META-INF/MANIFEST.MF", data: mf }]),
    );
    assert.deepEqual(names(r2), ["commons-thing@2.5"]);
    assert.equal(r2.packages[0]!.confidence, "low");
    // No version anywhere: nothing is reported.
    const r3 = await parseJar("/x/ca-certificates-java.jar", writeZip([{ name: "a.class", data: "x" }]));
    assert.deepEqual(r3.packages, []);
  });

  it("skips unusable pom.properties with an info diagnostic and keeps the rest", async () => {
    const jar = writeZip([
      {
        name: "META-INF/maven/x/broken/pom.properties",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an unfilled Maven placeholder, on purpose
        data: "groupId=x\nartifactId=broken\nversion=${project.version}\n",
      },
      { name: "META-INF/maven/x/ok/pom.properties", data: pomProperties("x", "ok", "1") },
    ]);
    const r = await parseJar("/a.jar", jar);
    assert.deepEqual(names(r), ["x:ok@1"]);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.level, "info");
    assert.match(r.diagnostics[0]!.message, /broken\/pom\.properties/);
  });

  it("reads an executable jar with a launch script prepended", async () => {
    const jar = jarWithPom("org.boot", "app", "2.7.0");
    const prefix = Buffer.from('#!/bin/bash\n# launch script\nexec java -jar "$0" "$@"\nexit 0\n');
    const r = await parseJar("/app/app.jar", Buffer.concat([prefix, jar]));
    assert.deepEqual(names(r), ["org.boot:app@2.7.0"]);
  });

  it("reads past entries whose names are not safe paths (nothing is written to disk)", async () => {
    const jar = writeZip([
      { name: "../../evil.txt", data: "x" },
      { name: "/abs/path", data: "y" },
      { name: "META-INF\\maven\\w\\win\\pom.properties", data: pomProperties("w", "win", "1") },
    ]);
    const r = await parseJar("/w.jar", jar);
    assert.deepEqual(names(r), ["w:win@1"]);
    assert.deepEqual(r.diagnostics, []);
  });

  it("reports a file that is not a zip as a parse-error diagnostic", async () => {
    const r = await parseJar("/x/fake.jar", Buffer.from("this is not a zip file at all"));
    assert.deepEqual(r.packages, []);
    assert.equal(r.diagnostics[0]?.code, "parse-error");
    assert.equal(r.diagnostics[0]?.file, "/x/fake.jar");
    assert.equal(r.diagnostics[0]?.source, "java-archive-cataloger");
  });

  it("keeps pom.properties found outside META-INF/maven (nested fixture layout)", async () => {
    const jar = writeZip([
      { name: "META-INF/custom/pom.properties", data: "groupId=test\nartifactId=custom\nversion=0.0.1\n" },
    ]);
    assert.deepEqual(names(await parseJar("/c.jar", jar)), ["test:custom@0.0.1"]);
  });
});

describe("maven purl", () => {
  it("uses the groupId from hints or name, the artifactId as namespace when none is known", () => {
    const base = { type: "maven" as const, locations: [], foundBy: "x", licenses: [] };
    assert.equal(maven.purl({ ...base, name: "g.h:a", version: "1" }), "pkg:maven/g.h/a@1");
    assert.equal(maven.purl({ ...base, name: "junit", version: "4.12" }), "pkg:maven/junit/junit@4.12");
  });
});

describe("java archive helpers", () => {
  it("parses manifests: continuations, sections, case-insensitive names, first value wins", () => {
    const m = parseManifest(
      "Manifest-Version: 1.0\nimplementation-title: a\n bc\nImplementation-Title: other\n\nName: x/\nBundle-Version: 2\n",
    );
    assert.equal(manifestValue(m, "Implementation-Title"), "abc");
    assert.equal(manifestValue(m, "bundle-version"), "2");
    assert.equal(m.sections.length, 1);
    assert.equal(manifestValue(m, "Missing"), undefined);
  });

  it("parses .properties: separators, comments, continuations, escapes", () => {
    const p = parseProperties(
      "# c\n! c\nversion = 1.0\ngroupId:org.x\nartifactId  long\\\n    -name\nkey\\=with=eq\nu=\\u0041\\tb\n",
    );
    assert.equal(p.get("version"), "1.0");
    assert.equal(p.get("groupId"), "org.x");
    assert.equal(p.get("artifactId"), "long-name");
    assert.equal(p.get("key=with"), "eq");
    assert.equal(p.get("u"), "A\tb");
  });

  it("guesses artifactId and version from file names", () => {
    assert.deepEqual(guessFromFileName("/x/log4j-1.2-1.2.17.jar"), { name: "log4j-1.2", version: "1.2.17" });
    assert.deepEqual(guessFromFileName("guava-31.1-jre.jar"), { name: "guava", version: "31.1-jre" });
    assert.deepEqual(guessFromFileName("commons-collections3-3.2.2.jar"), {
      name: "commons-collections3",
      version: "3.2.2",
    });
    assert.deepEqual(guessFromFileName("hadoop-shaded-guava-1.1.0-SNAPSHOT.jar"), {
      name: "hadoop-shaded-guava",
      version: "1.1.0-SNAPSHOT",
    });
    assert.deepEqual(guessFromFileName("jsr305-0.1~+svn49.jar"), { name: "jsr305", version: "0.1~+svn49" });
    assert.deepEqual(guessFromFileName("tool-2.jar"), { name: "tool", version: "2" });
    assert.deepEqual(guessFromFileName("jackson-databind.jar"), { name: "jackson-databind" });
  });

  it("normalises Bundle-License values", () => {
    assert.deepEqual(
      readBundleLicense('Apache-2.0;link="https://www.apache.org/licenses/LICENSE-2.0", MIT'),
      ["Apache-2.0", "MIT"],
    );
    assert.deepEqual(readBundleLicense("https://www.eclipse.org/legal/epl-2.0/"), ["EPL-2.0"]);
    assert.deepEqual(readBundleLicense("Some Custom License"), ["Some Custom License"]);
    assert.deepEqual(readBundleLicense(undefined), []);
  });
});
