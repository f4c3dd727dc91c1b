import { SaxesParser, type SaxesTagPlain } from "saxes";
import { feedUnreadable } from "../shared/feed-errors.js";
import type { XmlElement } from "./oval-types.js";

/** Which elements to keep from a streamed XML document. Names are local (prefix dropped). */
export interface XmlCaptureRules {
  /**
   * Asked for each start tag outside a captured element; `true` keeps the whole element
   * (subtree) and yields it once closed. `path` lists the local names of its ancestors.
   */
  capture(name: string, attrs: Record<string, string>, path: readonly string[]): boolean;
  /** Sees every start tag outside captured elements (cheap bookkeeping, e.g. references). */
  observe?(name: string, attrs: Record<string, string>, path: readonly string[]): void;
  /** Asked at each closing tag outside captures; `true` stops reading the document there. */
  stopAfter?(name: string, path: readonly string[]): boolean;
}

/** One captured element and the local names of its ancestors. */
export interface CapturedElement {
  element: XmlElement;
  path: readonly string[];
}

/** A captured element larger than this is refused: no honest feed has one. */
const maxElementText = 32 * 1024 * 1024;

/**
 * Streams an XML document through a SAX parser (saxes) and yields only the captured
 * subtrees, so memory holds one record at a time whatever the document's size.
 *
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE naming `file` when the document is not
 * well-formed or ends early.
 */
export async function* streamXmlElements(
  chunks: AsyncIterable<string>,
  rules: XmlCaptureRules,
  file: string,
): AsyncGenerator<CapturedElement> {
  const parser = new SaxesParser({ xmlns: false, position: true } as const);
  const path: string[] = [];
  const ready: CapturedElement[] = [];
  // The subtree being captured: its open elements, innermost last.
  const open: XmlElement[] = [];
  let captureDepth = -1;
  let capturedText = 0;
  let stopped = false;

  parser.on("opentag", (tag: SaxesTagPlain) => {
    if (stopped) return;
    const name = localName(tag.name);
    if (open.length > 0) {
      const element: XmlElement = { name, attrs: tag.attributes, children: [], text: "" };
      open[open.length - 1]?.children.push(element);
      open.push(element);
    } else {
      rules.observe?.(name, tag.attributes, path);
      if (rules.capture(name, tag.attributes, path)) {
        open.push({ name, attrs: tag.attributes, children: [], text: "" });
        captureDepth = path.length;
        capturedText = 0;
      }
    }
    path.push(name);
  });
  const onText = (text: string): void => {
    const current = open[open.length - 1];
    if (stopped || current === undefined) return;
    capturedText += text.length;
    if (capturedText > maxElementText) {
      throw new Error(`an element at line ${parser.line} holds more than ${maxElementText} characters`);
    }
    current.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    if (stopped) return;
    const name = path.pop() ?? "";
    if (open.length > 0) {
      const element = open.pop() as XmlElement;
      if (open.length === 0 && path.length === captureDepth) {
        ready.push({ element, path: [...path] });
        captureDepth = -1;
      }
      return;
    }
    if (rules.stopAfter?.(name, path)) stopped = true;
  });

  const iterator = chunks[Symbol.asyncIterator]();
  try {
    while (!stopped) {
      const next = await iterator.next();
      if (next.done) break;
      write(parser, next.value, file);
      yield* ready.splice(0, ready.length);
    }
    if (!stopped) {
      write(parser, undefined, file);
      yield* ready.splice(0, ready.length);
    }
  } finally {
    // Ends a decompressor child process when we stop early.
    await iterator.return?.();
  }
}

function write(
  parser: SaxesParser<{ xmlns: false; position: true }>,
  chunk: string | undefined,
  file: string,
): void {
  try {
    if (chunk === undefined) parser.close();
    else parser.write(chunk);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw feedUnreadable(file, new Error(`not well-formed XML: ${why.split("\n")[0]}`, { cause: error }));
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}
