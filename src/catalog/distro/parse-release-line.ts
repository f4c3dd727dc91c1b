/**
 * Reads the one-line release files of the Red Hat family (`/etc/redhat-release`,
 * `/etc/rocky-release`, `/etc/centos-release`, `/etc/system-release`):
 * `Rocky Linux release 9.3 (Blue Onyx)`, `Amazon Linux release 2 (Karoo)`.
 */
export function parseReleaseLine(
  line: string,
): { id: string; versionId?: string; codename?: string; prettyName: string } | undefined {
  const text = line.trim();
  const match = /^(.*?)\s+release\s+([0-9][0-9A-Za-z._-]*)(?:\s+\(([^)]*)\))?/i.exec(text);
  const product = (match?.[1] ?? text).trim();
  if (!product) return undefined;
  const id = idForProduct(product);
  const out: { id: string; versionId?: string; codename?: string; prettyName: string } = {
    id,
    prettyName: text,
  };
  if (match?.[2]) out.versionId = match[2];
  if (match?.[3]) out.codename = match[3];
  return out;
}

/** Product names as the release files spell them, to os-release IDs. */
const products: [RegExp, string][] = [
  [/^red hat enterprise linux/i, "rhel"],
  [/^centos/i, "centos"],
  [/^rocky linux/i, "rocky"],
  [/^almalinux/i, "almalinux"],
  [/^fedora/i, "fedora"],
  [/^oracle linux/i, "ol"],
  [/^amazon linux/i, "amzn"],
  [/^cbl-mariner/i, "mariner"],
  [/^(microsoft )?azure linux/i, "azurelinux"],
];

function idForProduct(product: string): string {
  for (const [pattern, id] of products) if (pattern.test(product)) return id;
  return product.toLowerCase().split(/\s+/)[0] ?? product.toLowerCase();
}
