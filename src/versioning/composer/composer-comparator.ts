import { phpVersionCompareOp } from "./php-version-compare.js";

/**
 * Composer's `Comparator::compare($a, $op, $b)` (composer/semver): `version_compare` on the
 * strings as given, except that `dev-` branches are not ordered: two branches are only
 * `==` when identical (and `!=` otherwise), and no ordering operator holds between them.
 * Operators: `<`, `<=`, `>`, `>=`, `==`, `=`, `!=`, `<>`. Returns `undefined` for an unknown
 * operator.
 */
export function compareComposerOperator(a: string, op: string, b: string): boolean | undefined {
  const operator = op === "=" ? "==" : op === "<>" ? "!=" : op;
  if (!["<", "<=", ">", ">=", "==", "!="].includes(operator)) return undefined;
  const aIsBranch = a.startsWith("dev-");
  const bIsBranch = b.startsWith("dev-");
  if (operator === "!=" && (aIsBranch || bIsBranch)) return a !== b;
  if (aIsBranch && bIsBranch) return operator === "==" && a === b;
  return phpVersionCompareOp(a, operator, b);
}
