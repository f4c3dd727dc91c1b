/** The operating system release an image is built on (from os-release and fallbacks). */
export interface Distro {
  /** os-release ID, lower case: `debian`, `alpine`, `rocky`, `ubuntu`, `rhel`, ... */
  id: string;
  /** os-release VERSION_ID (`12`, `3.18.0`, `9.3`); may be absent for rolling releases. */
  versionId?: string;
  /** VERSION_CODENAME (`bookworm`). */
  codename?: string;
  prettyName?: string;
  /** ID_LIKE split on spaces. */
  idLike?: string[];
  /** The file the facts were read from. */
  source?: string;
  /** Set when drydock knows the release is past its end of life, or does not know the distro at all. */
  support?: "supported" | "end-of-life" | "unknown";
}
