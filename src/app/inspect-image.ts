import { readLayer } from "../fs/index.js";
import { type ImageSource, type IntakeOptions, parseTarget, type TargetKind } from "../image/index.js";
import type { Diagnostic, Digest, LayerCompression } from "../model/index.js";
import { type OpenImageOptions, openParsedTarget } from "./open-image.js";

/** What `--verify` found in one layer (counts from the layered filesystem). */
export interface InspectLayerVerify {
  entries: number;
  files: number;
  directories: number;
  symlinks: number;
  hardlinks: number;
  /** Content bytes of regular files. */
  bytes: number;
  /** Uncompressed tar bytes. */
  tarBytes: number;
  whiteouts: number;
  opaqueDirs: number;
}

export interface InspectLayer {
  /** Position, from 1 (the base layer). */
  number: number;
  digest: Digest;
  diffId: Digest;
  size: number;
  mediaType: string;
  compression: LayerCompression;
  /** The history line that made the layer (`created_by`). */
  createdBy?: string;
  created?: string;
  comment?: string;
  foreign?: boolean;
  urls?: string[];
  /** A `dir:` layer: digests derived from the file listing, not from tar bytes. */
  synthetic?: boolean;
  verify?: InspectLayerVerify;
}

/**
 * The `image inspect` document (JSON output; the table shows the same). Identical for the
 * same image whatever its container, except `target.input`, `target.format`, `target.ref`
 * and the manifest digest/media type: a docker-archive has no manifest of its own, drydock
 * reports the Docker schema 2 manifest a push of it would store (as skopeo does).
 */
export interface InspectDocument {
  schemaVersion: 1;
  target: {
    input: string;
    format: TargetKind;
    ref?: string;
    digest?: Digest;
    platform?: string;
    configDigest?: Digest;
  };
  manifest: { mediaType: string; digest?: Digest };
  created?: string;
  author?: string;
  user?: string;
  workingDir?: string;
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** `KEY=value`, values of secret-looking keys replaced by `********`. */
  env: string[];
  exposedPorts: string[];
  volumes: string[];
  labels: Record<string, string>;
  stopSignal?: string;
  layers: InspectLayer[];
  /** Present with --verify: every layer streamed, every digest checked. */
  verified?: { layers: number; compressedBytes: number; tarBytes: number; diagnostics: Diagnostic[] };
}

export interface InspectImageOptions extends OpenImageOptions {
  /** Stream every layer through the layered filesystem (digests, limits, refusal rules). */
  verify?: boolean;
}

export const maskedValue = "********";

// Name parts that mark a value as secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`).
const secretPart =
  /^(PASSWORD|PASSWD|PASS|PASSPHRASE|PWD|SECRETS?|TOKENS?|KEYS?|APIKEY|ACCESSKEY|CREDENTIALS?|CREDS?|AUTH|AUTHORIZATION|PRIVATE|COOKIE|SESSION|SALT|SIGNATURE|DSN)$/;
const secretSubstring = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|APIKEY|PRIVATEKEY/;
const notSecret = new Set(["PWD", "OLDPWD"]);

/** True when an environment variable name looks like it holds a secret. */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  if (notSecret.has(upper)) return false;
  if (secretSubstring.test(upper)) return true;
  return upper.split(/[^A-Z0-9]+/).some((part) => secretPart.test(part));
}

/** `KEY=value` with the value masked when the key looks secret. */
export function maskEnvEntry(entry: string): string {
  const eq = entry.indexOf("=");
  if (eq <= 0) return entry;
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  return isSecretEnvName(name) && value !== "" ? `${name}=${maskedValue}` : entry;
}

/** Builds the document from an opened image (no layer is read). */
export function describeImage(
  source: ImageSource,
  format: InspectDocument["target"]["format"],
): InspectDocument {
  const { config } = source;
  const inner = config.config ?? {};
  const history = (config.history ?? []).filter((h) => h.empty_layer !== true);
  const target: InspectDocument["target"] = { input: source.target.input, format };
  if (source.target.ref !== undefined) target.ref = source.target.ref;
  if (source.target.digest !== undefined) target.digest = source.target.digest;
  if (source.target.platform !== undefined) target.platform = source.target.platform;
  if (source.configDigest !== undefined) target.configDigest = source.configDigest;
  const doc: InspectDocument = {
    schemaVersion: 1,
    target,
    manifest: { mediaType: source.manifest.mediaType },
    entrypoint: inner.Entrypoint ?? null,
    cmd: inner.Cmd ?? null,
    env: (inner.Env ?? []).map(maskEnvEntry),
    exposedPorts: Object.keys(inner.ExposedPorts ?? {}).sort(),
    volumes: Object.keys(inner.Volumes ?? {}).sort(),
    labels: sortRecord(inner.Labels ?? {}),
    layers: source.layers.map((layer) => {
      const out: InspectLayer = {
        number: layer.index + 1,
        digest: layer.digest,
        diffId: layer.diffId,
        size: layer.size,
        mediaType: layer.mediaType,
        compression: layer.compression,
      };
      const h = history[layer.index];
      if (h?.created_by !== undefined) out.createdBy = h.created_by;
      if (h?.created !== undefined) out.created = h.created;
      if (h?.comment !== undefined) out.comment = h.comment;
      if (layer.foreign) out.foreign = true;
      if (layer.urls?.length) out.urls = layer.urls;
      if (layer.synthetic) out.synthetic = true;
      return out;
    }),
  };
  if (source.manifest.digest !== undefined) doc.manifest.digest = source.manifest.digest;
  if (config.created !== undefined) doc.created = config.created;
  if (config.author !== undefined) doc.author = config.author;
  if (inner.User) doc.user = inner.User;
  if (inner.WorkingDir) doc.workingDir = inner.WorkingDir;
  if (inner.StopSignal) doc.stopSignal = inner.StopSignal;
  return doc;
}

function sortRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Streams every layer through the layered filesystem's reader: each blob digest, each
 * diffID, every limit and refusal rule of src/fs is applied. Fills `verify` on each layer.
 * @throws DrydockError the first failure (DRYDOCK_DIGEST_MISMATCH, DRYDOCK_LAYER_*...).
 */
export async function verifyLayers(
  source: ImageSource,
  doc: InspectDocument,
  options: IntakeOptions = {},
): Promise<void> {
  const diagnostics: Diagnostic[] = [];
  let tarBytes = 0;
  for (const [i, layer] of source.layers.entries()) {
    const stream = await source.openLayer(layer);
    const index = await readLayer(stream, { layer, target: source.target.input, imageBytesBefore: tarBytes });
    options.onEvent?.("image layer-verified", { layer: i + 1, entries: index.stats.entries });
    tarBytes += index.stats.tarBytes;
    diagnostics.push(...index.diagnostics);
    const { entries, files, directories, symlinks, hardlinks, bytes, whiteouts, opaqueDirs } = index.stats;
    const out = doc.layers[i];
    if (out) {
      out.verify = {
        entries,
        files,
        directories,
        symlinks,
        hardlinks,
        bytes,
        tarBytes: index.stats.tarBytes,
        whiteouts,
        opaqueDirs,
      };
    }
  }
  doc.verified = { layers: source.layers.length, compressedBytes: source.bytesRead(), tarBytes, diagnostics };
}

/**
 * `drydock image inspect`: opens the target, describes it, and with `verify` streams every
 * layer. The source is always closed.
 * @throws DrydockError any intake or verification failure.
 */
export async function inspectImage(
  input: string,
  options: InspectImageOptions = {},
): Promise<InspectDocument> {
  const target = await parseTarget(input);
  const source = await openParsedTarget(target, options);
  try {
    const doc = describeImage(source, target.kind);
    if (options.verify) await verifyLayers(source, doc, options);
    return doc;
  } finally {
    await source.close();
  }
}
