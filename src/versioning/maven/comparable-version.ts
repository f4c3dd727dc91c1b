import { compareCodeUnits, signOf } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";

/**
 * Maven's version order (`org.apache.maven.artifact.versioning.ComparableVersion`, the
 * POM reference's "Version Order Specification":
 * https://maven.apache.org/pom.html#version-order-specification), as current Maven
 * (apache/maven master, with MNG-7714's fixes) implements it.
 *
 * A version is split into items at `.` and `-` and at every digit/letter transition; a `-`
 * (or a transition) opens a nested list, so `1-1` is `[1, [1]]`. Items are numbers,
 * qualifiers, or "combinations" of a qualifier and a number (`rc1`, `sp-2`). Trailing
 * "null" items (0, "", "ga", "final", "release") are dropped. Qualifiers rank
 * `alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`, then
 * unknown ones in lexical order; `a1`, `b1`, `m1` mean alpha-1, beta-1, milestone-1.
 * Numbers rank above qualifiers and lists; comparison walks both item lists, padding the
 * shorter one with nulls.
 */
export type MavenItem = NumberItem | QualifierItem | CombinationItem | ListItem;
interface NumberItem {
  kind: "number";
  value: bigint;
}
interface QualifierItem {
  kind: "qualifier";
  value: string;
}
interface CombinationItem {
  kind: "combination";
  qualifier: QualifierItem;
  number: NumberItem;
}
interface ListItem {
  kind: "list";
  items: MavenItem[];
}

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE_QUALIFIERS = new Set(["ga", "final", "release"]);
const RELEASE_RANK = String(QUALIFIERS.indexOf(""));
const ZERO: NumberItem = { kind: "number", value: 0n };

/** Longer inputs are refused, as Maven 4 does: they only serve to make parsing costly. */
export const MAX_MAVEN_VERSION_LENGTH = 256;

/** Parses a version into Maven's item tree. */
export function parseMavenItems(version: string): ListItem {
  const root: ListItem = { kind: "list", items: [] };
  const text = version.toLowerCase();
  const stack: ListItem[] = [root];
  let list = root;
  let isDigit = false;
  let isCombination = false;
  let start = 0;
  const openList = (): void => {
    const nested: ListItem = { kind: "list", items: [] };
    list.items.push(nested);
    list = nested;
    stack.push(nested);
  };

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A surrogate pair is one (non-digit) character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
    if (c === 0x2e /* . */) {
      list.items.push(i === start ? ZERO : parseItem(isCombination, isDigit, text.slice(start, i)));
      isCombination = false;
      start = i + 1;
    } else if (c === 0x2d /* - */) {
      if (i === start) {
        list.items.push(ZERO);
      } else {
        // "X-1" reads as the combination "X1".
        if (!isDigit && i !== text.length - 1 && isJavaDigit(text.charCodeAt(i + 1))) {
          isCombination = true;
          continue;
        }
        list.items.push(parseItem(isCombination, isDigit, text.slice(start, i)));
      }
      start = i + 1;
      if (list.items.length > 0) openList();
      isCombination = false;
    } else if (c >= 0x30 && c <= 0x39) {
      if (!isDigit && i > start) {
        // Letters then digits: "X1" is a combination, in a list of its own.
        isCombination = true;
        if (list.items.length > 0) openList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(isCombination, true, text.slice(start, i)));
        start = i;
        openList();
        isCombination = false;
      }
      isDigit = false;
    }
  }
  if (text.length > start) {
    // "1.0.0.X1 < 1.0.0-X2": a trailing qualifier after "." is treated as after "-".
    if (!isDigit && list.items.length > 0) openList();
    list.items.push(parseItem(isCombination, isDigit, text.slice(start)));
  }
  for (let k = stack.length - 1; k >= 0; k--) normalize(stack[k] as ListItem);
  return root;
}

function isJavaDigit(code: number): boolean {
  return /\p{Nd}/u.test(String.fromCharCode(code));
}

function parseItem(isCombination: boolean, isDigit: boolean, buf: string): MavenItem {
  if (isCombination) {
    const raw = buf.replaceAll("-", "");
    const firstDigit = raw.search(/\p{Nd}/u);
    const cut = Math.max(firstDigit, 0);
    return {
      kind: "combination",
      qualifier: qualifierItem(raw.slice(0, cut), true),
      number: numberItem(raw.slice(cut)),
    };
  }
  return isDigit ? numberItem(buf) : qualifierItem(buf, false);
}

function numberItem(digits: string): NumberItem {
  if (!/^[0-9]+$/.test(digits)) throw new RangeError(`not a number: ${digits}`);
  return { kind: "number", value: BigInt(digits) };
}

function qualifierItem(value: string, followedByDigit: boolean): QualifierItem {
  const single: Record<string, string> = { a: "alpha", b: "beta", m: "milestone" };
  const expanded = followedByDigit && value.length === 1 ? (single[value] ?? value) : value;
  return { kind: "qualifier", value: expanded === "cr" ? "rc" : expanded };
}

/** Drops null items that carry no meaning (`1.0` is `1`, `1-0` is `1`). */
function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNull(items[i] as MavenItem)) continue;
    const next = items[i + 1];
    if (next === undefined || next.kind === "qualifier") {
      items.splice(i, 1);
    } else if (next.kind === "list") {
      const head = next.items[0];
      if (head !== undefined && (head.kind === "combination" || head.kind === "qualifier"))
        items.splice(i, 1);
    }
  }
  const only = items[0];
  if (items.length === 1 && only?.kind === "list") list.items = only.items;
}

function isNull(item: MavenItem): boolean {
  switch (item.kind) {
    case "number":
      return item.value === 0n;
    case "qualifier":
      return item.value === "";
    case "combination":
      return false;
    case "list":
      return item.items.length === 0;
  }
}

function qualifierRank(q: string): string {
  if (RELEASE_QUALIFIERS.has(q)) return RELEASE_RANK;
  const i = QUALIFIERS.indexOf(q);
  return i < 0 ? `${QUALIFIERS.length}-${q}` : String(i);
}

/** `item.compareTo(other)`; `null` stands for a missing item (the end of a shorter list). */
export function compareMavenItems(item: MavenItem, other: MavenItem | null): Ordering {
  switch (item.kind) {
    case "number":
      return compareNumber(item, other);
    case "qualifier":
      return compareQualifier(item, other);
    case "combination":
      return compareCombination(item, other);
    case "list":
      return compareList(item, other);
  }
}

function compareNumber(item: NumberItem, other: MavenItem | null): Ordering {
  if (other === null) return item.value === 0n ? 0 : 1; // 1.0 == 1, 1.1 > 1
  return other.kind === "number" ? signOf(item.value - other.value) : 1;
}

function compareQualifier(item: QualifierItem, other: MavenItem | null): Ordering {
  if (other === null) return compareCodeUnits(qualifierRank(item.value), RELEASE_RANK); // 1-rc < 1, 1-sp > 1
  switch (other.kind) {
    case "number":
      return -1;
    case "qualifier":
      return compareCodeUnits(qualifierRank(item.value), qualifierRank(other.value));
    case "combination": {
      const order = compareQualifier(item, other.qualifier);
      if (order !== 0) return order;
      // "ga" vs "ga1": the number decides; otherwise X < X1.
      return compareQualifier(item, null) === 0 ? negate(compareNumber(other.number, null)) : -1;
    }
    case "list":
      return negate(compareList(other, item));
  }
}

function compareCombination(item: CombinationItem, other: MavenItem | null): Ordering {
  if (other === null) {
    const order = compareQualifier(item.qualifier, null);
    return order !== 0 ? order : compareNumber(item.number, null); // 1-rc1 < 1, 1-ga1 > 1
  }
  switch (other.kind) {
    case "number":
      return -1;
    case "qualifier": {
      const order = compareQualifier(item.qualifier, other);
      if (order !== 0) return order;
      return compareQualifier(item.qualifier, null) === 0 ? compareNumber(item.number, null) : 1; // X1 > X
    }
    case "list":
      return negate(compareList(other, item));
    case "combination":
      return compareQualifier(item.qualifier, other.qualifier) || compareNumber(item.number, other.number);
  }
}

function compareList(item: ListItem, other: MavenItem | null): Ordering {
  if (other === null) {
    for (const i of item.items) {
      const order = compareMavenItems(i, null);
      if (order !== 0) return order;
    }
    return 0;
  }
  switch (other.kind) {
    case "number":
      return -1; // 1-1 < 1.0.x
    case "qualifier":
    case "combination": {
      const [head, ...rest] = item.items;
      let order =
        head === undefined ? negate(compareMavenItems(other, null)) : compareMavenItems(head, other);
      for (const i of rest) {
        if (order !== 0) break;
        order = compareMavenItems(i, null);
      }
      return order;
    }
    case "list": {
      const n = Math.max(item.items.length, other.items.length);
      for (let k = 0; k < n; k++) {
        const l = item.items[k];
        const r = other.items[k] ?? null;
        const order =
          l === undefined ? (r === null ? 0 : negate(compareMavenItems(r, null))) : compareMavenItems(l, r);
        if (order !== 0) return order;
      }
      return 0;
    }
  }
}

function negate(o: Ordering): Ordering {
  return (0 - o) as Ordering;
}

/** Maven's canonical form (`ComparableVersion.getCanonical()`): `1-ALPHA-1` → `1-alpha-1`. */
export function formatMavenItems(list: ListItem): string {
  let out = "";
  for (const item of list.items) {
    if (out !== "") out += item.kind === "list" ? "-" : ".";
    out += formatItem(item);
  }
  return out;
}

function formatItem(item: MavenItem): string {
  switch (item.kind) {
    case "number":
      return item.value.toString();
    case "qualifier":
      return item.value;
    case "combination":
      return item.qualifier.value + item.number.value.toString();
    case "list":
      return formatMavenItems(item);
  }
}
