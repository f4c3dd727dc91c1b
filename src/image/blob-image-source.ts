import type { Readable } from "node:stream";
import { type Digest, DrydockError, type Layer, type TargetInfo } from "../model/index.js";
import type { ImageConfig, ImageSource } from "./image-source.js";
import type { IntakeOptions } from "./intake-options.js";
import { openLayerStream } from "./layer-stream.js";

/** What a container reader found; {@link createImageSource} turns it into an {@link ImageSource}. */
export interface ImageParts {
  target: TargetInfo;
  manifest: ImageSource["manifest"];
  configDigest?: Digest;
  config: ImageConfig;
  layers: Layer[];
  /**
   * Opens a layer's blob as stored (compressed or not).
   * @throws DrydockError DRYDOCK_BLOB_MISSING when it is not in the image.
   */
  openBlob(layer: Layer): Promise<Readable>;
  /** False for synthetic layers, whose digests are not tar digests. Default true. */
  verify?: boolean;
  close(): Promise<void>;
}

class BlobImageSource implements ImageSource {
  readonly target: TargetInfo;
  readonly manifest: ImageSource["manifest"];
  readonly configDigest?: Digest;
  readonly config: ImageConfig;
  readonly layers: Layer[];
  readonly #parts: ImageParts;
  readonly #options: IntakeOptions;
  #bytes = 0;
  #closed = false;

  constructor(parts: ImageParts, options: IntakeOptions) {
    this.target = parts.target;
    this.manifest = parts.manifest;
    if (parts.configDigest !== undefined) this.configDigest = parts.configDigest;
    this.config = parts.config;
    this.layers = parts.layers;
    this.#parts = parts;
    this.#options = options;
  }

  async openLayer(layer: Layer): Promise<Readable> {
    if (this.#closed)
      throw new DrydockError("DRYDOCK_INTERNAL", `${this.target.input}: image source used after close`);
    const own = this.layers[layer.index];
    if (own === undefined || own.digest !== layer.digest || own.diffId !== layer.diffId) {
      throw new DrydockError(
        "DRYDOCK_INTERNAL",
        `${this.target.input}: layer ${layer.index + 1} is not a layer of this image`,
      );
    }
    const raw = await this.#parts.openBlob(own);
    const verify = this.#parts.verify !== false;
    const handle = await openLayerStream(raw, {
      ...this.#options,
      target: this.target.input,
      layer: own,
      verifyDigest: verify,
      verifyDiffId: verify,
      onBytes: (n) => {
        this.#bytes += n;
      },
    });
    return handle.stream;
  }

  bytesRead(): number {
    return this.#bytes;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#parts.close();
  }
}

/** Wraps what a container reader found into an {@link ImageSource} whose layers stream verified. */
export function createImageSource(parts: ImageParts, options: IntakeOptions): ImageSource {
  return new BlobImageSource(parts, options);
}
