/**
 * The image reference grammar of the Docker distribution project (`[domain/]path[:tag][@digest]`),
 * enough to tell a reference from a file name and to compare tags. The registry client has
 * its own full parser; this is only what intake from files needs.
 */

const pathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const domain = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const referencePattern = new RegExp(
  `^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::([\\w][\\w.-]{0,127}))?(?:@([a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}))?$`,
);

export interface ImageReferenceParts {
  /** Repository with its registry domain, `docker.io/library/alpine`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** True when `text` is a syntactically valid image reference (`alpine`, `ghcr.io/a/b:1@sha256:…`). */
export function isImageReference(text: string): boolean {
  return text.length <= 255 + 128 + 80 && referencePattern.test(text);
}

/**
 * Splits and normalises a reference the way Docker does: the default registry is
 * `docker.io`, official images live under `library/`, and a reference with neither tag nor
 * digest means `:latest`. Returns undefined when `text` is not a reference.
 */
export function parseImageReference(text: string): ImageReferenceParts | undefined {
  const match = referencePattern.exec(text);
  if (!match) return undefined;
  const [, name = "", tag, digest] = match;
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const hasDomain =
    first !== "" &&
    (first.includes(".") || first.includes(":") || first === "localhost" || /[A-Z]/.test(first));
  let repository = hasDomain ? name : `docker.io/${name}`;
  if (repository.startsWith("docker.io/") && !repository.slice("docker.io/".length).includes("/")) {
    repository = `docker.io/library/${repository.slice("docker.io/".length)}`;
  }
  const parts: ImageReferenceParts = { repository };
  if (tag !== undefined) parts.tag = tag;
  if (digest !== undefined) parts.digest = digest;
  if (tag === undefined && digest === undefined) parts.tag = "latest";
  return parts;
}

/** The canonical form of a reference (`alpine` → `docker.io/library/alpine:latest`), or the text unchanged. */
export function normalizeImageReference(text: string): string {
  const parts = parseImageReference(text);
  if (!parts) return text;
  return `${parts.repository}${parts.tag === undefined ? "" : `:${parts.tag}`}${parts.digest === undefined ? "" : `@${parts.digest}`}`;
}
