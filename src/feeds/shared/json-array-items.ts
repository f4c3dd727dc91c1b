/**
 * Streams the elements of one array inside a JSON document, yielding each element's raw
 * JSON text, so a document of any size (an NVD year file is 1.5 GB) is never held whole:
 * memory is bounded by the largest element. `key` names a property of the root object
 * (`vulnerabilities`); without it the root itself must be the array. Only the structure is
 * scanned here (strings, escapes, nesting); each element is parsed by the caller, so a
 * malformed element costs that element only. An element over `maxItemChars` is refused, so
 * hostile input cannot make one element exhaust memory.
 *
 * @throws Error when the input ends before the array closes, or has no such array.
 */
export async function* streamJsonArrayItems(
  chunks: AsyncIterable<string>,
  key?: string,
  maxItemChars = 256 * 1024 * 1024,
): AsyncGenerator<string> {
  const QUOTE = 34;
  const BACKSLASH = 92;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Depth of the target array's elements once it is entered; 0 before, -1 after. */
  let itemDepth = 0;
  // Key tracking in the root object: the last string read at depth 1 and whether a ':' followed.
  let keyText = "";
  let readingKey = false;
  let lastString: string | undefined;
  let pendingKey: string | undefined;
  // The element being captured.
  let parts: string[] = [];
  let partsLength = 0;
  let capturing = false;
  let scalar = false;

  for await (const chunk of chunks) {
    let start = capturing || readingKey ? 0 : -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (readingKey) {
            keyText += chunk.slice(start, i);
            lastString = keyText.length <= 512 ? keyText : undefined;
            readingKey = false;
            start = -1;
          }
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (itemDepth > 0 && depth === itemDepth && !capturing) {
        // Between elements of the target array.
        if (c === 44) continue; // ,
        if (c === 93) {
          // ] closes the target array: done.
          itemDepth = -1;
          return;
        }
        capturing = true;
        scalar = c !== 123 && c !== 91;
        start = i;
        parts = [];
        partsLength = 0;
      }
      if (capturing && scalar && depth === itemDepth && (c === 44 || c === 93)) {
        parts.push(chunk.slice(start, i));
        capturing = false;
        start = -1;
        yield parts.join("").trim();
        if (c === 93) {
          itemDepth = -1;
          return;
        }
        continue;
      }
      switch (c) {
        case QUOTE:
          inString = true;
          if (!capturing && depth === 1 && itemDepth === 0) {
            readingKey = true;
            keyText = "";
            start = i + 1;
          }
          break;
        case 58: // :
          if (depth === 1 && itemDepth === 0) pendingKey = lastString;
          break;
        case 44: // ,
          if (depth === 1) pendingKey = undefined;
          break;
        case 123: // {
        case 91: // [
          if (depth === 0 && key === undefined && c === 123)
            throw new Error("the document is not a JSON array");
          depth++;
          if (
            itemDepth === 0 &&
            c === 91 &&
            (key === undefined ? depth === 1 : depth === 2 && pendingKey === key)
          ) {
            itemDepth = depth;
          }
          break;
        case 125: // }
        case 93: // ]
          depth--;
          if (capturing && depth === itemDepth) {
            parts.push(chunk.slice(start, i + 1));
            capturing = false;
            start = -1;
            yield parts.length === 1 ? parts[0]! : parts.join("");
          }
          break;
        default:
          if (depth === 0 && itemDepth === 0 && key === undefined)
            throw new Error("the document is not a JSON array");
      }
    }
    if (readingKey && start >= 0) keyText += chunk.slice(start);
    else if (capturing && start >= 0) {
      parts.push(chunk.slice(start));
      partsLength += n - start;
      if (partsLength > maxItemChars)
        throw new Error(`an array element is larger than ${maxItemChars} characters`);
    }
  }
  if (itemDepth === 0) throw new Error(key === undefined ? "no JSON array found" : `no "${key}" array found`);
  if (itemDepth > 0) throw new Error("the document ends inside the array (truncated?)");
}
