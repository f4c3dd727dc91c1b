/**
 * A public page for a vulnerability id, by its prefix: GitHub for GHSA, NVD for CVE, the Go
 * vulnerability database for GO-, osv.dev for the other OSV id families, the distro trackers for
 * DSA/DLA/USN/RHSA (AlmaLinux and Rocky errata on osv.dev). Undefined for ids drydock knows no page for.
 */
export function advisoryUrl(id: string): string | undefined {
  const e = encodeURIComponent(id);
  if (/^GHSA(-[a-z0-9]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GO-\d{4}-\d+$/.test(id)) return `https://pkg.go.dev/vuln/${id}`;
  if (/^(PYSEC|RUSTSEC|OSV|GSD|MAL|BIT|JLSEC|HSEC|RSEC|CURL|PSF|ALSA|RLSA)-/.test(id))
    return `https://osv.dev/vulnerability/${e}`;
  if (/^(DSA|DLA)-\d+(-\d+)?$/.test(id)) return `https://security-tracker.debian.org/tracker/${id}`;
  if (/^USN-\d+-\d+$/.test(id)) return `https://ubuntu.com/security/notices/${id}`;
  if (/^RHSA-\d{4}:\d+$/.test(id)) return `https://access.redhat.com/errata/${id}`;
  return undefined;
}

/** The page for a finding's vulnerability: its own id's page, else an alias's, else its first web reference. */
export function vulnerabilityUrl(v: {
  id: string;
  aliases: string[];
  references: { url: string }[];
}): string | undefined {
  for (const id of [v.id, ...v.aliases]) {
    const url = advisoryUrl(id);
    if (url) return url;
  }
  for (const r of v.references) {
    const url = webUrl(r.url);
    if (url) return url;
  }
  return undefined;
}

/**
 * A feed's URL as a valid absolute http(s) URI (characters a URI cannot hold percent-encoded),
 * or undefined for anything else (`javascript:`, `file:`, relative or malformed text), so no
 * report links to a scheme a feed smuggled in.
 */
export function webUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
}
