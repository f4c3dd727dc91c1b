/**
 * Small OVAL documents built in code, each exercising one part of criteria evaluation the
 * way the vendors write it (namespaces, prefixes and test kinds as in the real files).
 */

const ns = {
  def: "http://oval.mitre.org/XMLSchema/oval-definitions-5",
  linux: "http://oval.mitre.org/XMLSchema/oval-definitions-5#linux",
  ind: "http://oval.mitre.org/XMLSchema/oval-definitions-5#independent",
  unix: "http://oval.mitre.org/XMLSchema/oval-definitions-5#unix",
  common: "http://oval.mitre.org/XMLSchema/oval-common-5",
};

function document(
  definitions: string,
  tests: string,
  objects: string,
  states: string,
  variables = "",
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="${ns.def}" xmlns:oval="${ns.common}" xmlns:red-def="${ns.linux}" xmlns:linux="${ns.linux}" xmlns:ind-def="${ns.ind}" xmlns:ind="${ns.ind}" xmlns:unix-def="${ns.unix}">
  <generator><oval:product_name>drydock test</oval:product_name><oval:timestamp>2099-01-01T00:00:00</oval:timestamp></generator>
  <definitions>${definitions}</definitions>
  <tests>${tests}</tests>
  <objects>${objects}</objects>
  <states>${states}</states>
  ${variables ? `<variables>${variables}</variables>` : ""}
</oval_definitions>
`;
}

function rhMetadata(id: string, title: string, cves: string[]): string {
  return `<metadata>
      <title>${id}: ${title}</title>
      <affected family="unix"><platform>Red Hat Enterprise Linux 9</platform></affected>
      <reference ref_id="${id}" ref_url="https://access.redhat.com/errata/${id}" source="RHSA"/>
      ${cves.map((c) => `<reference ref_id="${c}" ref_url="https://access.redhat.com/security/cve/${c}" source="CVE"/>`).join("")}
      <description>Security fix for ${title} &amp; friends (${cves.join(", ")}).</description>
      <advisory from="secalert@redhat.com">
        <severity>Important</severity>
        <issued date="2099-01-02"/><updated date="2099-01-03"/>
        ${cves.map((c) => `<cve cvss3="7.5/CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" cwe="CWE-787" href="https://access.redhat.com/security/cve/${c}" impact="important">${c}</cve>`).join("")}
        <bugzilla href="https://bugzilla.redhat.com/1" id="1">${cves[0] ?? ""} widget: overflow</bugzilla>
      </advisory>
    </metadata>`;
}

const rhRelease = `
    <criterion comment="Red Hat Enterprise Linux must be installed" test_ref="oval:t:tst:guard"/>`;

/** Red Hat style: guard, release check, module stream, signature tests, negation, broken records. */
export const redhatDocument = document(
  `
  <definition class="patch" id="oval:t:def:1" version="1">
    ${rhMetadata("RHSA-2099:0001", "widget:2 security update (Important)", ["CVE-2099-1000"])}
    <criteria operator="OR">${rhRelease}
      <criteria operator="AND">
        <criterion comment="Red Hat Enterprise Linux 9 is installed" test_ref="oval:t:tst:rhel9"/>
        <criteria operator="OR">
          <criteria operator="AND">
            <criterion comment="Module widget:2 is enabled" test_ref="oval:t:tst:module"/>
            <criteria operator="OR">
              <criteria operator="AND">
                <criterion comment="widget is earlier than 0:2.0-1.el9" test_ref="oval:t:tst:widget-lt"/>
                <criterion comment="widget is signed with Red Hat redhatrelease2 key" test_ref="oval:t:tst:widget-signed"/>
              </criteria>
              <criteria operator="AND">
                <criterion comment="widget-libs is earlier than 0:2.0-1.el9" test_ref="oval:t:tst:libs-lt"/>
                <criterion comment="widget-libs is signed with Red Hat redhatrelease2 key" test_ref="oval:t:tst:libs-signed"/>
              </criteria>
            </criteria>
          </criteria>
        </criteria>
      </criteria>
    </criteria>
  </definition>
  <definition class="patch" id="oval:t:def:2" version="1">
    ${rhMetadata("RHSA-2099:0002", "negated test", ["CVE-2099-2000"])}
    <criteria operator="AND">
      <criterion test_ref="oval:t:tst:rhel9"/>
      <criterion negate="true" test_ref="oval:t:tst:widget-lt"/>
    </criteria>
  </definition>
  <definition class="patch" id="oval:t:def:3" version="1">
    ${rhMetadata("RHSA-2099:0003", "dangling reference", ["CVE-2099-3000"])}
    <criteria operator="AND">
      <criterion test_ref="oval:t:tst:rhel9"/>
      <criterion test_ref="oval:t:tst:missing"/>
    </criteria>
  </definition>
  <definition class="patch" id="oval:t:def:4" version="1">
    ${rhMetadata("RHSA-2099:0004", "xor over packages", ["CVE-2099-4000"])}
    <criteria operator="XOR">
      <criterion test_ref="oval:t:tst:widget-lt"/>
      <criterion test_ref="oval:t:tst:libs-lt"/>
    </criteria>
  </definition>
  <definition class="patch" id="oval:t:def:5" version="1">
    ${rhMetadata("RHSA-2099:0005", "release check ORed with the packages", ["CVE-2099-5000"])}
    <criteria operator="OR">${rhRelease}
      <criteria operator="AND">
        <criterion test_ref="oval:t:tst:gadget-lt"/>
        <criterion test_ref="oval:t:tst:gadget-lt"/>
      </criteria>
      <criteria operator="OR"><criterion comment="Red Hat Enterprise Linux 9 is installed" test_ref="oval:t:tst:rhel9"/></criteria>
    </criteria>
  </definition>
  <definition class="vulnerability" id="oval:t:def:6" version="1">
    ${rhMetadata("RHSA-2099:0006", "unpatched", ["CVE-2099-6000"])}
    <criteria operator="AND">
      <criterion test_ref="oval:t:tst:rhel9"/>
      <criterion comment="gadget is signed with Red Hat redhatrelease2 key" test_ref="oval:t:tst:gadget-signed"/>
    </criteria>
  </definition>`,
  `
  <red-def:rpmverifyfile_test check="none satisfy" comment="Red Hat Enterprise Linux must be installed" id="oval:t:tst:guard" version="1">
    <red-def:object object_ref="oval:t:obj:release"/><red-def:state state_ref="oval:t:ste:rhel"/>
  </red-def:rpmverifyfile_test>
  <red-def:rpmverifyfile_test check="at least one" comment="Red Hat Enterprise Linux 9 is installed" id="oval:t:tst:rhel9" version="1">
    <red-def:object object_ref="oval:t:obj:release"/><red-def:state state_ref="oval:t:ste:rhel9"/>
  </red-def:rpmverifyfile_test>
  <ind-def:textfilecontent54_test check="all" comment="Module widget:2 is enabled" id="oval:t:tst:module" version="1">
    <ind-def:object object_ref="oval:t:obj:module"/><ind-def:state state_ref="oval:t:ste:module"/>
  </ind-def:textfilecontent54_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:widget-lt" version="1">
    <red-def:object object_ref="oval:t:obj:widget"/><red-def:state state_ref="oval:t:ste:lt-2.0"/>
  </red-def:rpminfo_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:widget-signed" version="1">
    <red-def:object object_ref="oval:t:obj:widget"/><red-def:state state_ref="oval:t:ste:signed"/>
  </red-def:rpminfo_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:libs-lt" version="1">
    <red-def:object object_ref="oval:t:obj:libs"/><red-def:state state_ref="oval:t:ste:lt-2.0"/>
  </red-def:rpminfo_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:libs-signed" version="1">
    <red-def:object object_ref="oval:t:obj:libs"/><red-def:state state_ref="oval:t:ste:signed"/>
  </red-def:rpminfo_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:gadget-lt" version="1">
    <red-def:object object_ref="oval:t:obj:gadget"/><red-def:state state_ref="oval:t:ste:lt-epoch"/>
  </red-def:rpminfo_test>
  <red-def:rpminfo_test check="at least one" id="oval:t:tst:gadget-signed" version="1">
    <red-def:object object_ref="oval:t:obj:gadget"/><red-def:state state_ref="oval:t:ste:signed"/>
  </red-def:rpminfo_test>`,
  `
  <red-def:rpmverifyfile_object id="oval:t:obj:release" version="1">
    <red-def:behaviors noconfigfiles="true"/>
    <red-def:name operation="pattern match"/>
    <red-def:filepath>/etc/redhat-release</red-def:filepath>
  </red-def:rpmverifyfile_object>
  <ind-def:textfilecontent54_object id="oval:t:obj:module" version="1">
    <ind-def:filepath datatype="string">/etc/dnf/modules.d/widget.module</ind-def:filepath>
    <ind-def:pattern operation="pattern match">\\[widget\\][\\w\\W]*</ind-def:pattern>
    <ind-def:instance datatype="int">1</ind-def:instance>
  </ind-def:textfilecontent54_object>
  <red-def:rpminfo_object id="oval:t:obj:widget" version="1"><red-def:name>widget</red-def:name></red-def:rpminfo_object>
  <red-def:rpminfo_object id="oval:t:obj:libs" version="1"><red-def:name>widget-libs</red-def:name></red-def:rpminfo_object>
  <red-def:rpminfo_object id="oval:t:obj:gadget" version="1"><red-def:name>gadget</red-def:name></red-def:rpminfo_object>`,
  `
  <red-def:rpmverifyfile_state id="oval:t:ste:rhel" version="1"><red-def:name operation="pattern match">^redhat-release</red-def:name></red-def:rpmverifyfile_state>
  <red-def:rpmverifyfile_state id="oval:t:ste:rhel9" version="1">
    <red-def:name operation="pattern match">^redhat-release</red-def:name>
    <red-def:version operation="pattern match">^9[^\\d]</red-def:version>
  </red-def:rpmverifyfile_state>
  <ind-def:textfilecontent54_state id="oval:t:ste:module" version="1">
    <ind-def:text operation="pattern match">\\nstream\\s*=\\s*2\\b[\\w\\W]*\\nstate\\s*=\\s*(enabled|1|true)|\\nstate\\s*=\\s*(enabled|1|true)[\\w\\W]*\\nstream\\s*=\\s*2\\b</ind-def:text>
  </ind-def:textfilecontent54_state>
  <red-def:rpminfo_state id="oval:t:ste:lt-2.0" version="1">
    <red-def:arch datatype="string" operation="pattern match">aarch64|x86_64</red-def:arch>
    <red-def:evr datatype="evr_string" operation="less than">0:2.0-1.el9</red-def:evr>
  </red-def:rpminfo_state>
  <red-def:rpminfo_state id="oval:t:ste:lt-epoch" version="1">
    <red-def:evr datatype="evr_string" operation="less than">1:3.1-2.el9_1</red-def:evr>
  </red-def:rpminfo_state>
  <red-def:rpminfo_state id="oval:t:ste:signed" version="1">
    <red-def:signature_keyid operation="equals">199e2f91fd431d51</red-def:signature_keyid>
  </red-def:rpminfo_state>`,
);

function debianDefinition(id: string, title: string, cve: string, pkg: string, testId: string): string {
  return `
  <definition class="vulnerability" id="${id}" version="1">
    <metadata>
      <title>${title}</title>
      <affected family="unix"><platform>Debian GNU/Linux 12</platform><product>${pkg}</product></affected>
      <reference source="CVE" ref_id="${cve}" ref_url="https://cve.mitre.org/cgi-bin/cvename.cgi?name=${cve}"/>
      <description>${cve} in ${pkg}.</description>
      <debian><moreinfo></moreinfo></debian>
    </metadata>
    <criteria comment="Release section" operator="AND">
      <criterion test_ref="oval:org.debian.oval:tst:1" comment="Debian 12 is installed"/>
      <criteria comment="Architecture section" operator="OR">
        <criteria comment="Architecture independent section" operator="AND">
          <criterion test_ref="oval:org.debian.oval:tst:2" comment="all architecture"/>
          <criterion test_ref="${testId}" comment="${pkg} DPKG is earlier than ..."/>
        </criteria>
      </criteria>
    </criteria>
  </definition>`;
}

/** Debian style: release file check, one definition per CVE and package, the `0:0` sentinel. */
export const debianDocument = document(
  `${debianDefinition("oval:org.debian:def:1", "CVE-2099-0001 expat", "CVE-2099-0001", "expat", "oval:org.debian.oval:tst:3")}
  ${debianDefinition("oval:org.debian:def:2", "CVE-2099-0001 xmlrpc-c", "CVE-2099-0001", "xmlrpc-c", "oval:org.debian.oval:tst:4")}
  ${debianDefinition("oval:org.debian:def:3", "CVE-2099-0002 tar", "CVE-2099-0002", "tar", "oval:org.debian.oval:tst:5")}
  <definition class="vulnerability" version="1"><metadata><title>no id</title></metadata></definition>`,
  `
  <textfilecontent54_test id="oval:org.debian.oval:tst:1" version="1" check="all" check_existence="at_least_one_exists" comment="Debian GNU/Linux 12 is installed" xmlns="${ns.ind}">
    <object object_ref="oval:org.debian.oval:obj:1"/><state state_ref="oval:org.debian.oval:ste:1"/>
  </textfilecontent54_test>
  <uname_test id="oval:org.debian.oval:tst:2" version="1" check="all" check_existence="at_least_one_exists" comment="Installed architecture is all" xmlns="${ns.unix}">
    <object object_ref="oval:org.debian.oval:obj:2"/>
  </uname_test>
  ${[3, 4, 5]
    .map(
      (
        n,
      ) => `<dpkginfo_test id="oval:org.debian.oval:tst:${n}" version="1" check="all" check_existence="at_least_one_exists" xmlns="${ns.linux}">
    <object object_ref="oval:org.debian.oval:obj:${n}"/><state state_ref="oval:org.debian.oval:ste:${n}"/>
  </dpkginfo_test>`,
    )
    .join("")}`,
  `
  <textfilecontent54_object id="oval:org.debian.oval:obj:1" version="1" xmlns="${ns.ind}">
    <path>/etc</path><filename>debian_version</filename>
    <pattern operation="pattern match">(\\d+)\\.\\d</pattern><instance datatype="int">1</instance>
  </textfilecontent54_object>
  <uname_object id="oval:org.debian.oval:obj:2" version="1" xmlns="${ns.unix}"/>
  <dpkginfo_object id="oval:org.debian.oval:obj:3" version="1" xmlns="${ns.linux}"><name>expat</name></dpkginfo_object>
  <dpkginfo_object id="oval:org.debian.oval:obj:4" version="1" xmlns="${ns.linux}"><name>xmlrpc-c</name></dpkginfo_object>
  <dpkginfo_object id="oval:org.debian.oval:obj:5" version="1" xmlns="${ns.linux}"><name>tar</name></dpkginfo_object>`,
  `
  <textfilecontent54_state id="oval:org.debian.oval:ste:1" version="1" xmlns="${ns.ind}"><subexpression operation="equals">12</subexpression></textfilecontent54_state>
  <dpkginfo_state id="oval:org.debian.oval:ste:3" version="1" xmlns="${ns.linux}"><evr datatype="debian_evr_string" operation="less than">0:2.5.0-1</evr></dpkginfo_state>
  <dpkginfo_state id="oval:org.debian.oval:ste:4" version="1" xmlns="${ns.linux}"><evr datatype="debian_evr_string" operation="less than">1:1.59.1-1</evr></dpkginfo_state>
  <dpkginfo_state id="oval:org.debian.oval:ste:5" version="1" xmlns="${ns.linux}"><evr datatype="debian_evr_string" operation="less than">0:0</evr></dpkginfo_state>`,
);

/** Ubuntu style: inventory definition extended, binary names from a constant variable, Pro-only fixes. */
export const ubuntuDocument = document(
  `
  <definition class="inventory" id="oval:com.ubuntu.noble:def:100" version="1">
    <metadata><title>Check that Ubuntu 24.04 LTS (noble) is installed.</title><description/></metadata>
    <criteria>
      <criterion test_ref="oval:com.ubuntu.noble:tst:10"/>
      <criterion test_ref="oval:com.ubuntu.noble:tst:11"/>
    </criteria>
  </definition>
  <definition id="oval:com.ubuntu.noble:def:70001000000" version="1" class="patch">
    <metadata>
      <title>USN-7000-1 -- Expat vulnerabilities</title>
      <affected family="unix"/>
      <reference source="USN" ref_id="USN-7000-1" ref_url="https://ubuntu.com/security/notices/USN-7000-1"/>
      <reference source="CVE" ref_id="CVE-2024-45490" ref_url="https://ubuntu.com/security/CVE-2024-45490"/>
      <description>Expat issues.</description>
      <advisory from="security@ubuntu.com">
        <severity>Medium</severity><issued date="2024-09-12"/>
        <cve href="https://ubuntu.com/security/CVE-2024-45490" priority="medium" public="20240830" cvss_score="7.5" cvss_vector="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" cvss_severity="high">CVE-2024-45490</cve>
      </advisory>
    </metadata>
    <criteria>
      <extend_definition definition_ref="oval:com.ubuntu.noble:def:100" comment="Ubuntu 24.04 LTS (noble) is installed." applicability_check="true"/>
      <criteria operator="OR">
        <criterion test_ref="oval:com.ubuntu.noble:tst:20"/>
        <criterion test_ref="oval:com.ubuntu.noble:tst:21"/>
      </criteria>
    </criteria>
  </definition>`,
  `
  <ind:family_test id="oval:com.ubuntu.noble:tst:10" check="at least one" check_existence="at_least_one_exists" version="1">
    <ind:object object_ref="oval:com.ubuntu.noble:obj:10"/><ind:state state_ref="oval:com.ubuntu.noble:ste:10"/>
  </ind:family_test>
  <ind:textfilecontent54_test check="at least one" check_existence="at_least_one_exists" id="oval:com.ubuntu.noble:tst:11" version="1">
    <ind:object object_ref="oval:com.ubuntu.noble:obj:11"/><ind:state state_ref="oval:com.ubuntu.noble:ste:11"/>
  </ind:textfilecontent54_test>
  <linux:dpkginfo_test id="oval:com.ubuntu.noble:tst:20" version="1" check_existence="at_least_one_exists" check="at least one">
    <linux:object object_ref="oval:com.ubuntu.noble:obj:20"/><linux:state state_ref="oval:com.ubuntu.noble:ste:20"/>
  </linux:dpkginfo_test>
  <linux:dpkginfo_test id="oval:com.ubuntu.noble:tst:21" version="1" check_existence="at_least_one_exists" check="at least one">
    <linux:object object_ref="oval:com.ubuntu.noble:obj:21"/><linux:state state_ref="oval:com.ubuntu.noble:ste:21"/>
  </linux:dpkginfo_test>`,
  `
  <ind:family_object id="oval:com.ubuntu.noble:obj:10" version="1"/>
  <ind:textfilecontent54_object id="oval:com.ubuntu.noble:obj:11" version="1">
    <ind:filepath datatype="string">/etc/lsb-release</ind:filepath>
    <ind:pattern operation="pattern match">^[\\s\\S]*DISTRIB_CODENAME=([a-z]+)$</ind:pattern>
    <ind:instance datatype="int">1</ind:instance>
  </ind:textfilecontent54_object>
  <linux:dpkginfo_object id="oval:com.ubuntu.noble:obj:20" version="1" comment="Long Term Release">
    <linux:name var_ref="oval:com.ubuntu.noble:var:20" var_check="at least one"/>
  </linux:dpkginfo_object>
  <linux:dpkginfo_object id="oval:com.ubuntu.noble:obj:21" version="1" comment="Available with Ubuntu Pro: https://ubuntu.com/pro">
    <linux:name var_ref="oval:com.ubuntu.noble:var:21" var_check="at least one"/>
  </linux:dpkginfo_object>`,
  `
  <ind:family_state id="oval:com.ubuntu.noble:ste:10" version="1"><ind:family>unix</ind:family></ind:family_state>
  <ind:textfilecontent54_state id="oval:com.ubuntu.noble:ste:11" version="1"><ind:subexpression datatype="string" operation="equals">noble</ind:subexpression></ind:textfilecontent54_state>
  <linux:dpkginfo_state id="oval:com.ubuntu.noble:ste:20" version="1"><linux:evr datatype="debian_evr_string" operation="less than">0:2.6.1-2ubuntu0.1</linux:evr></linux:dpkginfo_state>
  <linux:dpkginfo_state id="oval:com.ubuntu.noble:ste:21" version="1"><linux:evr datatype="debian_evr_string" operation="less than">0:1.2-3ubuntu0.1~esm1</linux:evr></linux:dpkginfo_state>`,
  `
  <constant_variable id="oval:com.ubuntu.noble:var:20" version="1" datatype="string" comment="Long Term Release">
    <value>expat</value><value>libexpat1</value>
  </constant_variable>
  <constant_variable id="oval:com.ubuntu.noble:var:21" version="1" datatype="string" comment="Available with Ubuntu Pro: https://ubuntu.com/pro">
    <value>xmltok1</value>
  </constant_variable>`,
);
