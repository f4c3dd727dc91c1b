/**
 * rpm header tags and data types drydock reads (rpm's `rpmtag.h`; see
 * https://github.com/rpm-software-management/rpm/blob/master/docs/manual/tags.md).
 */
export const RpmTag = {
  /** Region tags: the first index entry of an immutable header points at a trailer. */
  headerImage: 61,
  headerSignatures: 62,
  headerImmutable: 63,
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  size: 1009,
  vendor: 1011,
  license: 1014,
  arch: 1022,
  oldFilenames: 1027,
  sourceRpm: 1044,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  longSize: 5009,
  modularityLabel: 5096,
} as const;

/** rpm tag data types (`rpmTagType`). */
export const RpmType = {
  null: 0,
  char: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  string: 6,
  bin: 7,
  stringArray: 8,
  i18nString: 9,
} as const;
