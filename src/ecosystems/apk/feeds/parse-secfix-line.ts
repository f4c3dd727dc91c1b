/** The vulnerability ids one secfixes line names, and any free text it carries. */
export interface SecfixIds {
  /** One entry per vulnerability: its id and the other ids the line gives for it. */
  vulnerabilities: { id: string; aliases: string[] }[];
  /** Free text in parentheses (`(not actually applicable)`), kept as a note. */
  note?: string;
}

const cvePattern = /CVE[-_ ]?(\d{4})[-_](\d{4,})(?!\d)/gi;
/** Other advisory ids seen in secdb: XSA-200, TALOS-2017-0488, GHSA-…, GNUTLS-SA-2020-09-04, VSV00010. */
const otherIdPattern = /^(?:[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z]{2,}\d{3,})$/;

/**
 * Reads one secfixes entry. Lines may name several CVEs (`CVE-2019-17349 CVE-2019-17350
 * XSA-295`), pair a CVE with a vendor id (`CVE-2016-9932 XSA-200`: one vulnerability, the
 * vendor id becomes an alias), misspell the CVE separator (`CVE 2018-16859`,
 * `CVE_2019-2426`), or add text (`CVE-2018-14468 (FrameRelay)`). Each CVE is its own
 * vulnerability and the line's other ids are its aliases; a line without a CVE names one
 * vulnerability by its first id. Placeholders (`CVE-????-?????`, `CVE N/A`) are ignored;
 * undefined when nothing usable is left.
 */
export function parseSecfixLine(line: string): SecfixIds | undefined {
  const notes: string[] = [];
  let rest = line.replace(/\(([^)]*)\)/g, (_, text: string) => {
    if (text.trim()) notes.push(text.trim());
    return " ";
  });
  const cves: string[] = [];
  rest = rest.replace(cvePattern, (_, year: string, num: string) => {
    cves.push(`CVE-${year}-${num}`);
    return " ";
  });
  const others = rest
    .split(/[\s,;]+/)
    .map((t) => t.replace(/[.:]+$/, ""))
    .filter((t) => otherIdPattern.test(t) && /\d/.test(t) && !/^CVE\b/i.test(t))
    .map((t) => (/^wnpa-sec-/i.test(t) ? t.toLowerCase() : t));
  const uniqueCves = [...new Set(cves)];
  const uniqueOthers = [...new Set(others)];
  const result: SecfixIds = { vulnerabilities: [] };
  if (uniqueCves.length > 0) {
    result.vulnerabilities = uniqueCves.map((id) => ({ id, aliases: uniqueOthers }));
  } else if (uniqueOthers.length > 0) {
    result.vulnerabilities = [{ id: uniqueOthers[0]!, aliases: uniqueOthers.slice(1) }];
  } else {
    return undefined;
  }
  if (notes.length) result.note = notes.join("; ");
  return result;
}
