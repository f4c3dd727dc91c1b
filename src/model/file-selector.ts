/**
 * What a cataloger wants to read, declared up front so each layer tar is streamed once and
 * only matching files are buffered. A file is selected when any rule matches.
 */
export interface FileSelector {
  /** Exact absolute paths (`/var/lib/dpkg/status`). */
  paths?: string[];
  /** Base names (`package.json`, `METADATA`). */
  basenames?: string[];
  /** Glob patterns on the absolute path (picomatch syntax, dotfiles matched). */
  globs?: string[];
  /** File name suffixes (`.jar`, `.deps.json`). */
  suffixes?: string[];
  /** A file larger than this is not buffered; a diagnostic records the skip. */
  maxSize?: number;
  /** Also select every regular file with any execute bit (for binaries: Go, Rust). */
  executables?: boolean;
}
