import type { Readable } from "node:stream";
import type { Layer } from "../model/index.js";

/**
 * What the catalog stage needs of an image: its ordered layers and a way to stream each
 * one's uncompressed, digest-checked tar. Every `ImageSource` is one.
 */
export interface LayerProvider {
  readonly layers: Layer[];
  openLayer(layer: Layer): Promise<Readable>;
  bytesRead(): number;
}
