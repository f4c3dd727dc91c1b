import { DrydockError } from "../../model/index.js";
import { normalizeImageReference } from "../image-reference.js";
import type { ArchiveSelector } from "../target.js";

/** One image of a `docker save` archive, as manifest.json lists it. */
export interface ArchiveImage {
  /** Position in manifest.json (what `@N` counts, from 0). */
  position: number;
  config: string;
  layers: string[];
  tags: string[];
  /** manifest.json gave RepoTags (the legacy `repositories` file then adds nothing). */
  repoTagsGiven: boolean;
  /** Foreign layers by diffID (Windows base layers), from `LayerSources`. */
  layerSources: Record<string, unknown>;
}

function malformed(where: string, why: string): DrydockError {
  return new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: manifest.json: ${why}`);
}

/**
 * Validates `manifest.json` of a docker-archive (`[{Config, RepoTags, Layers, LayerSources?}]`).
 * @throws DrydockError DRYDOCK_TARGET_FORMAT.
 */
export function parseArchiveManifest(json: unknown, where: string): ArchiveImage[] {
  if (!Array.isArray(json)) throw malformed(where, "not a JSON array");
  if (json.length === 0) throw malformed(where, "lists no image");
  return json.map((entry, position) => {
    if (typeof entry !== "object" || entry === null)
      throw malformed(where, `entry ${position} is not an object`);
    const { Config, RepoTags, Layers, LayerSources } = entry as Record<string, unknown>;
    if (typeof Config !== "string") throw malformed(where, `entry ${position} has no Config`);
    if (!Array.isArray(Layers) || !Layers.every((l) => typeof l === "string")) {
      throw malformed(where, `entry ${position} has no Layers list`);
    }
    const tags = Array.isArray(RepoTags) ? RepoTags.filter((t): t is string => typeof t === "string") : [];
    const sources =
      typeof LayerSources === "object" && LayerSources !== null
        ? (LayerSources as Record<string, unknown>)
        : {};
    return {
      position,
      config: Config,
      layers: Layers as string[],
      tags,
      repoTagsGiven: tags.length > 0,
      layerSources: sources,
    };
  });
}

/**
 * Tags from the legacy `repositories` file (`{repo: {tag: topLayerId}}`) for images whose
 * manifest.json entry has none: `sameLayer(id, image)` tells whether `<id>/layer.tar` is
 * the image's top layer.
 */
export function addLegacyTags(
  images: ArchiveImage[],
  repositories: unknown,
  sameLayer: (id: string, image: ArchiveImage) => boolean,
): void {
  if (typeof repositories !== "object" || repositories === null) return;
  for (const [repo, tags] of Object.entries(repositories as Record<string, unknown>)) {
    if (typeof tags !== "object" || tags === null) continue;
    for (const [tag, id] of Object.entries(tags as Record<string, unknown>)) {
      if (typeof id !== "string" || !/^[a-f0-9]{64}$/.test(id)) continue;
      for (const image of images) {
        if (!image.repoTagsGiven && sameLayer(id, image)) image.tags.push(`${repo}:${tag}`);
      }
    }
  }
}

function describe(images: ArchiveImage[]): string {
  return images.map((i) => `@${i.position} ${i.tags.join(" ") || "(untagged)"}`).join(", ");
}

/**
 * Chooses the image: `@N`, a tag (compared in normalised form: `app` = `app:latest` =
 * `docker.io/library/app:latest`), or the only one.
 * @throws DrydockError DRYDOCK_TARGET_AMBIGUOUS listing the images, DRYDOCK_TARGET_NOT_FOUND.
 */
export function chooseArchiveImage(
  images: ArchiveImage[],
  select: ArchiveSelector | undefined,
  where: string,
): ArchiveImage {
  if (select === undefined) {
    if (images.length === 1 && images[0]) return images[0];
    throw new DrydockError(
      "DRYDOCK_TARGET_AMBIGUOUS",
      `${where}: the archive holds ${images.length} images: ${describe(images)}`,
      { hint: `choose one with ${where}@N or ${where}:TAG` },
    );
  }
  if ("index" in select) {
    const image = images[select.index];
    if (image) return image;
    throw new DrydockError(
      "DRYDOCK_TARGET_NOT_FOUND",
      `${where}: no image @${select.index}; the archive holds ${images.length}: ${describe(images)}`,
    );
  }
  const want = normalizeImageReference(select.tag);
  const matches = images.filter((i) =>
    i.tags.some((t) => t === select.tag || normalizeImageReference(t) === want),
  );
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1) {
    throw new DrydockError(
      "DRYDOCK_TARGET_AMBIGUOUS",
      `${where}: several images are tagged ${select.tag}: ${describe(matches)}`,
    );
  }
  throw new DrydockError(
    "DRYDOCK_TARGET_NOT_FOUND",
    `${where}: no image tagged ${JSON.stringify(select.tag)}; the archive holds: ${describe(images)}`,
  );
}
