/**
 * Intake against the real images of ../shared/images: every container form of one image
 * gives the same config, diffIDs and history; diffIDs and digests equal the truth files
 * (and `skopeo inspect --config` when skopeo is installed). Skips when ../shared is absent.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type InspectDocument, inspectImage, maskedValue } from "../../src/app/inspect-image.js";

const repoRoot = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const images = resolve(repoRoot, "../shared/images");
const haveShared = existsSync(join(images, "truth"));

function hasCommand(name: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface SkopeoTruth {
  Digest: string;
  Layers: string[];
  Env: string[];
  Labels: Record<string, string> | null;
  Architecture: string;
  Os: string;
}

function truth(image: string): SkopeoTruth {
  return JSON.parse(readFileSync(join(images, "truth", image, "skopeo-inspect.json"), "utf8")) as SkopeoTruth;
}

/** diffIDs as the truth files give them: layers.tsv, else the `<diffid>.tar` names skopeo wrote in the docker.tar. */
function truthDiffIds(image: string): string[] {
  const tsv = join(images, "truth", image, "layers.tsv");
  if (existsSync(tsv)) {
    return readFileSync(tsv, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.split("\t")[1] as string);
  }
  const manifest = JSON.parse(
    execFileSync("tar", ["-xOf", join(images, `${image}.docker.tar`), "manifest.json"], { encoding: "utf8" }),
  ) as { Layers: string[] }[];
  return (manifest[0]?.Layers ?? []).map((l) => `sha256:${l.replace(/\.tar$/, "")}`);
}

const forms: Record<string, { target: string; oci: boolean }[]> = {
  "debian-app": [
    { target: "debian-app.tar", oci: false },
    { target: "oci-archive:debian-app.tar", oci: true },
  ],
  "rpm-synthetic": [
    { target: "rpm-synthetic.tar", oci: false },
    { target: "rpm-synthetic.docker.tar", oci: false },
    { target: "rpm-synthetic.oci.tar", oci: true },
    { target: "rpm-synthetic.oci", oci: true },
    { target: "oci-archive:rpm-synthetic.tar", oci: true },
  ],
  "alpine-synthetic": [
    { target: "alpine-synthetic.tar", oci: false },
    { target: "alpine-synthetic.docker.tar", oci: false },
    { target: "alpine-synthetic.oci", oci: true },
    { target: "oci-archive:alpine-synthetic.tar:latest", oci: true },
  ],
};

function at(target: string): string {
  const colon = target.indexOf(":");
  return colon > 0 && !target.startsWith("/")
    ? `${target.slice(0, colon + 1)}${join(images, target.slice(colon + 1))}`
    : join(images, target);
}

/** What must be the same in every container form of one image. */
function formIndependent(doc: InspectDocument) {
  return {
    platform: doc.target.platform,
    configDigest: doc.target.configDigest,
    created: doc.created,
    user: doc.user,
    cmd: doc.cmd,
    entrypoint: doc.entrypoint,
    env: doc.env,
    ports: doc.exposedPorts,
    labels: doc.labels,
    // Media types and sizes differ where the forms store layers differently (plain vs gzip).
    layers: doc.layers.map((l) => ({ diffId: l.diffId, createdBy: l.createdBy })),
  };
}

const inspected = new Map<string, InspectDocument>();

/** Inspects once per target (a docker-archive with gzip layers is decompressed on open). */
async function inspectOnce(target: string): Promise<InspectDocument> {
  const cached = inspected.get(target);
  if (cached) return cached;
  const doc = await inspectImage(target);
  inspected.set(target, doc);
  return doc;
}

describe("image inspect on ../shared/images", () => {
  for (const [image, targets] of Object.entries(forms)) {
    it(`${image}: every form gives the truth's diffIDs and the same answer`, async (t) => {
      if (!haveShared) return t.skip("../shared/images is missing");
      const want = truthDiffIds(image);
      const skopeo = truth(image);
      let first: ReturnType<typeof formIndependent> | undefined;
      for (const { target, oci } of targets) {
        const doc = await inspectOnce(at(target));
        assert.deepEqual(
          doc.layers.map((l) => l.diffId),
          want,
          `${target} diffIDs`,
        );
        assert.equal(doc.target.platform, `${skopeo.Os}/${skopeo.Architecture}`);
        if (oci) {
          assert.equal(doc.target.digest, skopeo.Digest, `${target} manifest digest`);
          assert.deepEqual(
            doc.layers.map((l) => l.digest),
            skopeo.Layers,
            `${target} layer digests`,
          );
        } else {
          assert.notEqual(
            doc.target.digest,
            skopeo.Digest,
            "a docker-archive's derived manifest differs from the OCI one",
          );
          assert.match(doc.target.digest ?? "", /^sha256:[0-9a-f]{64}$/);
        }
        const same = formIndependent(doc);
        if (first === undefined) first = same;
        else assert.deepEqual(same, first, `${target} differs from ${targets[0]?.target}`);
      }
    });
  }

  it("debian-app: config facts, secret masking and the skopeo docker-archive digest", async (t) => {
    if (!haveShared) return t.skip("../shared/images is missing");
    const doc = await inspectOnce(join(images, "debian-app.tar"));
    assert.equal(doc.target.format, "docker-archive");
    assert.equal(doc.target.ref, "debian-app:latest");
    assert.ok(
      doc.target.digest?.startsWith("sha256:9614aa07"),
      "README: skopeo inspect docker-archive shows sha256:9614aa07…",
    );
    assert.equal(
      doc.target.configDigest,
      "sha256:ea1408857092fe23961973286bba802bd3018f9ee91782ce05382505428fc63c",
    );
    assert.equal(doc.user, "root");
    assert.equal(doc.workingDir, "/app");
    assert.deepEqual(doc.exposedPorts, ["8080/tcp"]);
    assert.deepEqual(doc.cmd, ["python3", "-m", "http.server", "8080"]);
    assert.ok(doc.env.includes(`DB_PASSWORD=${maskedValue}`));
    assert.ok(doc.env.includes("DB_USER=app"));
    assert.ok(!JSON.stringify(doc).includes("Sup3r-S3cret"), "the secret value never appears");
    assert.deepEqual(doc.labels, truth("debian-app").Labels);
    const tsv = readFileSync(join(images, "truth/debian-app/layers.tsv"), "utf8").trim().split("\n").slice(1);
    doc.layers.forEach((l, i) => {
      const createdBy = tsv[i]?.split("\t")[3] ?? "";
      assert.ok(l.createdBy?.startsWith(createdBy.trim()), `layer ${i + 1} history`);
    });
  });

  it("debian-app.tar --verify: every layer streamed, whiteouts and opaque dirs counted", async (t) => {
    if (!haveShared) return t.skip("../shared/images is missing");
    const doc = await inspectImage(join(images, "debian-app.tar"), { verify: true });
    const rows = readFileSync(join(images, "truth/debian-app/whiteouts.tsv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((r) => r.split("\t"));
    const count = (layer: number, kind: string) =>
      rows.filter((r) => r[0] === String(layer) && r[2] === kind).length;
    const tsv = readFileSync(join(images, "truth/debian-app/layers.tsv"), "utf8").trim().split("\n").slice(1);
    for (const layer of doc.layers) {
      assert.ok(layer.verify, `layer ${layer.number} verified`);
      assert.equal(
        layer.verify.whiteouts,
        count(layer.number, "whiteout"),
        `layer ${layer.number} whiteouts`,
      );
      assert.equal(
        layer.verify.opaqueDirs,
        count(layer.number, "opaque"),
        `layer ${layer.number} opaque dirs`,
      );
      assert.equal(
        layer.verify.tarBytes,
        Number(tsv[layer.number - 1]?.split("\t")[2]),
        `layer ${layer.number} tar bytes`,
      );
      assert.ok(layer.verify.files > 0);
    }
    assert.equal(doc.verified?.layers, 6);
  });

  it("rpm and alpine forms pass --verify (the diffIDs are the content's)", async (t) => {
    if (!haveShared) return t.skip("../shared/images is missing");
    for (const target of [...(forms["rpm-synthetic"] ?? []), ...(forms["alpine-synthetic"] ?? [])]) {
      const doc = await inspectImage(at(target.target), { verify: true });
      assert.equal(doc.verified?.layers, doc.layers.length, target.target);
    }
  });

  it("agrees with skopeo inspect --config", async (t) => {
    if (!haveShared) return t.skip("../shared/images is missing");
    if (!hasCommand("skopeo")) return t.skip("skopeo is not installed");
    for (const [image, targets] of Object.entries(forms)) {
      for (const { target } of targets) {
        const ref = target.includes(":")
          ? at(target)
          : `${target.endsWith(".oci") ? "oci" : target.endsWith(".oci.tar") ? "oci-archive" : "docker-archive"}:${join(images, target)}`;
        const config = JSON.parse(
          execFileSync("skopeo", ["inspect", "--config", ref], { encoding: "utf8" }),
        ) as { rootfs: { diff_ids: string[] } };
        const doc = await inspectOnce(at(target));
        assert.deepEqual(
          doc.layers.map((l) => l.diffId),
          config.rootfs.diff_ids,
          `${image} ${target}`,
        );
        const manifest = JSON.parse(
          execFileSync("skopeo", ["inspect", ref], { encoding: "utf8", maxBuffer: 1 << 26 }),
        ) as { Digest: string };
        assert.equal(
          doc.target.digest,
          manifest.Digest,
          `${image} ${target}: manifest digest (derived for a docker-archive)`,
        );
      }
    }
  });
});
