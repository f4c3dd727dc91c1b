/** One member of the top-level JSON object, parsed, or the reason it could not be. */
export type JsonMember = { key: string; value: unknown } | { key: string; error: string };

/** Thrown when the document is not one JSON object or ends before it closes. */
export class JsonDocumentError extends Error {
  override readonly name = "JsonDocumentError";
}

/** A member larger than this is refused rather than buffered (the largest real one, linux, is a few MB). */
const maxMemberChars = 256 * 1024 * 1024;

enum State {
  BeforeRoot,
  BeforeKey,
  InKey,
  BeforeColon,
  BeforeValue,
  InValue,
  Done,
}

/**
 * Streams the members of a JSON document whose root is an object (`{"pkg": {...}, ...}`),
 * parsing one member's value at a time, so a document far larger than memory is fine as
 * long as each member fits. A member whose value is not valid JSON is reported and skipped.
 *
 * @throws JsonDocumentError when the root is not an object, or the document is cut short.
 */
export async function* streamJsonMembers(chunks: AsyncIterable<string>): AsyncGenerator<JsonMember> {
  let state = State.BeforeRoot as State;
  let key = "";
  let parts: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let offset = 0;
  let memberChars = 0;

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === State.InKey || (state === State.InValue && inString)) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) {
          if (state === State.InKey) {
            parts.push(chunk.slice(start, i + 1));
            key = decodeKey(parts.join(""), offset + i);
            parts = [];
            state = State.BeforeColon;
          } else inString = false;
        }
        continue;
      }
      if (state === State.InValue) {
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            // The root object closes right after a primitive value.
            parts.push(chunk.slice(start, i));
            yield parseMember(key, parts.join(""));
            parts = [];
            state = c === 0x7d ? State.Done : fail(offset + i, "a stray ]");
            continue;
          }
          depth--;
        } else if (c === 0x2c && depth === 0) {
          parts.push(chunk.slice(start, i));
          yield parseMember(key, parts.join(""));
          parts = [];
          state = State.BeforeKey;
        }
        continue;
      }
      if (isSpace(c) || (c === 0xfeff && state === State.BeforeRoot)) continue;
      switch (state) {
        case State.BeforeRoot:
          if (c !== 0x7b) fail(offset + i, "the document is not a JSON object");
          state = State.BeforeKey;
          break;
        case State.BeforeKey:
          if (c === 0x7d) state = State.Done;
          else if (c === 0x22) {
            state = State.InKey;
            start = i;
            parts = [];
          } else fail(offset + i, "expected a member name");
          break;
        case State.BeforeColon:
          if (c !== 0x3a) fail(offset + i, "expected ':'");
          state = State.BeforeValue;
          break;
        case State.BeforeValue:
          state = State.InValue;
          start = i;
          parts = [];
          memberChars = 0;
          depth = 0;
          inString = false;
          escaped = false;
          // Re-read this character as the first one of the value.
          i--;
          break;
        case State.Done:
          fail(offset + i, "text after the end of the document");
      }
    }
    if (state === State.InKey || state === State.InValue) {
      parts.push(chunk.slice(start));
      memberChars += chunk.length - start;
      if (memberChars > maxMemberChars) fail(offset, `a member is larger than ${maxMemberChars} characters`);
    }
    offset += chunk.length;
  }
  if (state !== State.Done) throw new JsonDocumentError("the document ends before its root object closes");
}

function parseMember(key: string, text: string): JsonMember {
  try {
    return { key, value: JSON.parse(text) };
  } catch (error) {
    return { key, error: error instanceof Error ? error.message : String(error) };
  }
}

function decodeKey(literal: string, at: number): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return fail(at, "a member name is not a valid JSON string");
  }
}

function fail(at: number, why: string): never {
  throw new JsonDocumentError(`${why} (at character ${at})`);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
