import assert from "node:assert/strict";
import { test } from "node:test";
import {
  distroCataloger,
  distroKey,
  purlDistroQualifier,
  resolveDistro,
  supportOf,
  supportTableDate,
} from "../../src/catalog/distro/index.js";
import type { Distro } from "../../src/model/index.js";
import { runCatalogers } from "./run-catalogers.js";

/** Runs the distro cataloger over in-memory files and resolves the distro from its results. */
async function distroOf(files: Record<string, string>): Promise<Distro | undefined> {
  let resolved: Distro | undefined;
  await runCatalogers(
    [
      {
        ...distroCataloger,
        assemble(parsed) {
          resolved = resolveDistro(parsed);
          return { packages: [], diagnostics: [] };
        },
      },
    ],
    files,
  );
  return resolved;
}

const debianOsRelease = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

test("os-release: /etc wins over /usr/lib, quoting and ID_LIKE handled", async () => {
  const d = await distroOf({
    "/etc/os-release": debianOsRelease,
    "/usr/lib/os-release": 'ID=ubuntu\nVERSION_ID="22.04"\n',
    "/etc/debian_version": "12.5\n",
  });
  assert.deepEqual(d, {
    id: "debian",
    versionId: "12",
    codename: "bookworm",
    prettyName: "Debian GNU/Linux 12 (bookworm)",
    source: "/etc/os-release",
    support: "supported",
  });
  const rocky = await distroOf({
    "/usr/lib/os-release": `NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n# comment\n`,
  });
  assert.equal(rocky?.id, "rocky");
  assert.equal(rocky?.source, "/usr/lib/os-release");
  assert.deepEqual(rocky?.idLike, ["rhel", "centos", "fedora"]);
  assert.equal(rocky?.codename, "Blue Onyx");
  assert.equal(distroKey(rocky!), "rocky:9");
  assert.equal(purlDistroQualifier(rocky!), "rocky-9.3");
});

test("fallbacks: alpine-release, lsb-release before debian_version, redhat-release family, debian_version", async () => {
  assert.deepEqual(await distroOf({ "/etc/alpine-release": "3.18.4\n" }), {
    id: "alpine",
    versionId: "3.18.4",
    source: "/etc/alpine-release",
    support: "end-of-life",
  });
  const ubuntu = await distroOf({
    "/etc/lsb-release":
      'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.4 LTS"\n',
    "/etc/debian_version": "bookworm/sid\n",
  });
  assert.deepEqual(ubuntu, {
    id: "ubuntu",
    versionId: "22.04",
    codename: "jammy",
    prettyName: "Ubuntu 22.04.4 LTS",
    source: "/etc/lsb-release",
    support: "supported",
  });
  const centos = await distroOf({ "/etc/centos-release": "CentOS Linux release 7.9.2009 (Core)\n" });
  assert.deepEqual(centos, {
    id: "centos",
    versionId: "7.9.2009",
    codename: "Core",
    prettyName: "CentOS Linux release 7.9.2009 (Core)",
    source: "/etc/centos-release",
    support: "end-of-life",
  });
  const amzn = await distroOf({ "/etc/system-release": "Amazon Linux release 2 (Karoo)\n" });
  assert.equal(amzn?.id, "amzn");
  assert.equal(distroKey(amzn!), "amzn:2");
  assert.equal(amzn?.support, "end-of-life");
  const rhel = await distroOf({ "/etc/redhat-release": "Red Hat Enterprise Linux release 9.4 (Plow)\n" });
  assert.equal(distroKey(rhel!), "rhel:9");
  assert.equal(rhel?.support, "supported");
  const sid = await distroOf({ "/etc/debian_version": "trixie/sid\n" });
  assert.deepEqual(sid, {
    id: "debian",
    codename: "trixie",
    source: "/etc/debian_version",
    support: "supported",
  });
  assert.equal(distroKey(sid!), "debian:13");
  const stretch = await distroOf({ "/etc/debian_version": "9.13\n" });
  assert.equal(stretch?.support, "end-of-life");
  assert.equal(distroKey(stretch!), "debian:9");
});

test("an os-release without ID falls through; junk or nothing gives undefined", async () => {
  const d = await distroOf({ "/etc/os-release": "NAME=nothing useful\n", "/etc/alpine-release": "3.20.0\n" });
  assert.equal(d?.id, "alpine");
  assert.equal(d?.source, "/etc/alpine-release");
  assert.equal(await distroOf({ "/etc/os-release": "\u0000\u00ff binary junk =\n==\n" }), undefined);
  assert.equal(await distroOf({}), undefined);
  // An ID outside os-release's character set is not trusted.
  assert.equal(await distroOf({ "/etc/os-release": "ID=../../etc\n" }), undefined);
});

test("unknown distros and end-of-life releases are reported as such", async () => {
  const unknown = await distroOf({ "/etc/os-release": "ID=plan9\nVERSION_ID=4\n" });
  assert.equal(unknown?.support, "unknown");
  assert.equal(supportOf({ id: "debian", versionId: "11" }), "end-of-life");
  assert.equal(supportOf({ id: "debian", versionId: "12" }), "supported");
  assert.equal(supportOf({ id: "ubuntu", versionId: "20.04" }), "end-of-life");
  assert.equal(supportOf({ id: "ubuntu", versionId: "23.10" }), "end-of-life");
  assert.equal(supportOf({ id: "ubuntu", versionId: "24.04" }), "supported");
  assert.equal(supportOf({ id: "alpine", versionId: "3.17.7" }), "end-of-life");
  assert.equal(supportOf({ id: "alpine", versionId: "3.22.1" }), "supported");
  assert.equal(supportOf({ id: "alpine", versionId: "3.21_alpha20240807" }), "supported");
  assert.equal(supportOf({ id: "centos", versionId: "8" }), "end-of-life");
  assert.equal(supportOf({ id: "rocky", versionId: "9.3" }), "supported");
  assert.equal(supportOf({ id: "amzn", versionId: "2023" }), "supported");
  assert.equal(supportOf({ id: "amzn", versionId: "2018.03" }), "end-of-life");
  assert.equal(supportOf({ id: "wolfi", versionId: "20230201" }), "supported");
  assert.equal(supportOf({ id: "rhel" }), "unknown");
  assert.match(supportTableDate, /^\d{4}-\d{2}-\d{2}$/);
});

test("distroKey: the advisory key at each vendor's granularity", () => {
  const cases: [Pick<Distro, "id" | "versionId" | "codename">, string][] = [
    [{ id: "debian", versionId: "12" }, "debian:12"],
    [{ id: "debian", versionId: "12.5" }, "debian:12"],
    [{ id: "ubuntu", versionId: "22.04" }, "ubuntu:22.04"],
    [{ id: "alpine", versionId: "3.18.0" }, "alpine:3.18"],
    [{ id: "alpine", versionId: "3.21_alpha20240807" }, "alpine:edge"],
    [{ id: "rocky", versionId: "9.3" }, "rocky:9"],
    [{ id: "rhel", versionId: "9.4" }, "rhel:9"],
    [{ id: "almalinux", versionId: "9.3" }, "almalinux:9"],
    [{ id: "azurelinux", versionId: "3.0" }, "azurelinux:3.0"],
    [{ id: "mariner", versionId: "2.0" }, "mariner:2.0"],
    [{ id: "amzn", versionId: "2023" }, "amzn:2023"],
    [{ id: "amzn", versionId: "2018.03" }, "amzn:2018.03"],
    [{ id: "sles", versionId: "15.5" }, "sles:15.5"],
    [{ id: "wolfi", versionId: "20230201" }, "wolfi:rolling"],
    [{ id: "debian", codename: "bookworm" }, "debian:12"],
  ];
  for (const [distro, key] of cases) assert.equal(distroKey(distro), key, JSON.stringify(distro));
});
