import { peekText } from "../shared/peek-file.js";

/**
 * The start of a file for format detection (gzip already inflated by `peekText`), with the
 * container checks the native feeds need. Empty when the file cannot be read: detection then
 * says "not mine" and the read error surfaces if the file is imported.
 */
export async function sniffFeed(file: string, bytes = 4096): Promise<FeedHead> {
  return new FeedHead((await peekText(file, bytes)) ?? "");
}

export class FeedHead {
  constructor(readonly text: string) {}

  get bzip2(): boolean {
    return this.text.startsWith("BZh");
  }

  get zip(): boolean {
    return this.text.startsWith("PK\u0003\u0004");
  }

  /** An XML document whose root element (after any prolog and comments) is `root`, prefixed or not. */
  xmlRoot(root: string): boolean {
    const body = this.text
      .replace(/^\uFEFF/, "")
      .replace(/^\s*<\?xml[^>]*\?>/, "")
      .replace(/^(\s*<!--[\s\S]*?-->)*/, "");
    return new RegExp(`^\\s*<([A-Za-z_][\\w.-]*:)?${root}[\\s>/]`).test(body);
  }
}
