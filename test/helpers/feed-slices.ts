import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";

/** The repository's `../shared` folder (real feeds and images), or undefined when absent. */
export const sharedDir: string | undefined = (() => {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared");
  return existsSync(join(dir, "vulndata")) ? dir : undefined;
})();

export const skipWithoutShared = sharedDir ? false : "../shared (real feeds and images) is not present";

export function vulndata(...parts: string[]): string {
  if (!sharedDir) throw new Error("../shared is missing");
  return join(sharedDir, "vulndata", ...parts);
}

export function sharedImage(name: string): string {
  if (!sharedDir) throw new Error("../shared is missing");
  return join(sharedDir, "images", name);
}

/** Every JSON document of a zip (OSV `all.zip`), parsed, with its entry name. */
export async function readZipJson(zip: string): Promise<{ name: string; doc: Record<string, unknown> }[]> {
  const zipfile = await new Promise<yauzl.ZipFile>((ok, ko) =>
    yauzl.open(zip, { lazyEntries: true, autoClose: true }, (e, z) => (e || !z ? ko(e) : ok(z))),
  );
  const out: { name: string; doc: Record<string, unknown> }[] = [];
  await new Promise<void>((ok, ko) => {
    zipfile.on("error", ko);
    zipfile.on("end", () => ok());
    zipfile.on("entry", (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith(".json")) {
        zipfile.readEntry();
        return;
      }
      zipfile.openReadStream(entry, (e, stream) => {
        if (e || !stream) return ko(e);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", ko);
        stream.on("end", () => {
          out.push({ name: entry.fileName, doc: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          zipfile.readEntry();
        });
      });
    });
    zipfile.readEntry();
  });
  return out;
}

/**
 * Copies the OSV records of a zip that `keep` selects into `<dest>/<ecosystem>/<id>.json`
 * (as parsed JSON). Import `dest` or `dest/<ecosystem>`: the OSV importer names the provider
 * after the first folder under the input (`osv:<ecosystem>`).
 */
export async function cutOsvZip(
  zip: string,
  dest: string,
  ecosystem: string,
  keep: (doc: Record<string, unknown>) => boolean,
): Promise<string> {
  const dir = join(dest, ecosystem);
  await mkdir(dir, { recursive: true });
  let n = 0;
  for (const { name, doc } of await readZipJson(zip)) {
    if (!keep(doc)) continue;
    await writeFile(join(dir, name.replace(/[:/]/g, "_")), `${JSON.stringify(doc, null, 2)}\n`);
    n++;
  }
  if (n === 0) throw new Error(`cutOsvZip: nothing selected from ${zip}`);
  return dir;
}

/** Names of the packages an OSV record's affected entries name. */
export function osvPackageNames(doc: Record<string, unknown>): string[] {
  const affected = Array.isArray(doc.affected) ? (doc.affected as { package?: { name?: string } }[]) : [];
  return affected.map((a) => a.package?.name ?? "");
}

/**
 * Cuts an OVAL file (bzip2 or plain XML) down to the definitions `keep` selects, with the
 * tests, objects, states and variables they reference, so the real importer reads a small
 * but complete document. Written to `dest/<file name without .bz2>`.
 */
export async function cutOval(
  file: string,
  dest: string,
  keep: (definitionXml: string) => boolean,
): Promise<string> {
  const xml = file.endsWith(".bz2")
    ? execFileSync("bzip2", ["-dc", file], { maxBuffer: 512 * 1024 * 1024 }).toString("utf8")
    : await readFile(file, "utf8");
  const section = (name: string) => {
    const open = xml.indexOf(`<${name}>`);
    const close = xml.indexOf(`</${name}>`);
    return open < 0 || close < 0 ? "" : xml.slice(open + name.length + 2, close);
  };
  const elements = (body: string) =>
    [...body.matchAll(/<([\w:-]+)\b[^>]*?\bid="([^"]+)"[^>]*?(?:\/>|>[\s\S]*?<\/\1>)/g)].map((m) => ({
      id: m[2]!,
      text: m[0],
    }));
  const definitions = [...section("definitions").matchAll(/<definition\b[\s\S]*?<\/definition>/g)]
    .map((m) => m[0])
    .filter(keep);
  if (definitions.length === 0) throw new Error(`cutOval: no definition selected from ${file}`);
  const refs = (text: string, attr: string) =>
    [...text.matchAll(new RegExp(`${attr}="([^"]+)"`, "g"))].map((m) => m[1]!);
  const pick = (all: { id: string; text: string }[], ids: Set<string>) => all.filter((e) => ids.has(e.id));
  const tests = pick(elements(section("tests")), new Set(definitions.flatMap((d) => refs(d, "test_ref"))));
  const objectIds = new Set(tests.flatMap((t) => refs(t.text, "object_ref")));
  const stateIds = new Set(tests.flatMap((t) => refs(t.text, "state_ref")));
  const objects = pick(elements(section("objects")), objectIds);
  const states = pick(elements(section("states")), stateIds);
  const variableIds = new Set([...objects, ...states].flatMap((e) => refs(e.text, "var_ref")));
  const variables = pick(elements(section("variables")), variableIds);
  const head = xml.slice(0, xml.indexOf("<definitions>"));
  const body = [
    `<definitions>\n${definitions.join("\n")}\n</definitions>`,
    `<tests>\n${tests.map((t) => t.text).join("\n")}\n</tests>`,
    `<objects>\n${objects.map((t) => t.text).join("\n")}\n</objects>`,
    `<states>\n${states.map((t) => t.text).join("\n")}\n</states>`,
    variables.length ? `<variables>\n${variables.map((t) => t.text).join("\n")}\n</variables>` : "",
  ].join("\n");
  const out = join(
    dest,
    file
      .split("/")
      .pop()!
      .replace(/\.bz2$/, ""),
  );
  await mkdir(dest, { recursive: true });
  await writeFile(out, `${head}${body}\n</oval_definitions>\n`);
  return out;
}

/**
 * Cuts an Alpine secdb JSON document to the packages (aports origins) named, keeping its
 * header (`distroversion`, `reponame`, ...). Written to `dest/<release>/<file>`.
 */
export async function cutSecdb(file: string, dest: string, origins: readonly string[]): Promise<string> {
  const doc = JSON.parse(await readFile(file, "utf8")) as { packages: { pkg: { name: string } }[] };
  doc.packages = doc.packages.filter((p) => origins.includes(p.pkg.name));
  const release = basenameOf(dirname(file));
  const out = join(dest, release, basenameOf(file));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(doc, null, "\t")}\n`);
  return out;
}

/** Cuts a Debian security tracker list (`data/DSA/list`) to the advisories `keep` selects. */
export async function cutDebianList(
  file: string,
  dest: string,
  keep: (entry: string) => boolean,
): Promise<string> {
  const text = await readFile(file, "utf8");
  const entries = text.split(/\n(?=\[)/).filter(keep);
  const kind = basenameOf(dirname(file));
  const out = join(dest, "data", kind, "list");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${entries.join("\n")}\n`);
  return out;
}

function basenameOf(p: string): string {
  return p.split("/").pop() ?? p;
}
