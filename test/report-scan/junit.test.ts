import assert from "node:assert/strict";
import { test } from "node:test";
import { SaxesParser } from "saxes";
import { formatJunit } from "../../src/report/scan/junit.js";
import { sampleResult } from "./sample-result.js";

interface Node {
  name: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

/** Parses XML with saxes (a conforming parser: it throws on malformed markup). */
function parseXml(xml: string): Node {
  const parser = new SaxesParser();
  const root: Node = { name: "#root", attributes: {}, children: [], text: "" };
  const stack = [root];
  parser.on("opentag", (t) => {
    const node: Node = {
      name: t.name,
      attributes: t.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on("text", (t) => {
    stack.at(-1)!.text += t;
  });
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  return root.children[0]!;
}

const cases = (suite: Node) => suite.children.filter((c) => c.name === "testcase");

test("well-formed JUnit XML: one suite per package type, counts that add up", () => {
  const doc = parseXml(formatJunit(sampleResult(), { failOn: "medium" }));
  assert.equal(doc.name, "testsuites");
  const suites = doc.children;
  assert.deepEqual(
    suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped]),
    [
      ["deb", "3", "2", "1"],
      ["npm", "4", "2", "1"],
      ["pypi", "2", "2", "0"],
    ],
  );
  assert.deepEqual([doc.attributes.tests, doc.attributes.failures, doc.attributes.skipped], ["9", "6", "2"]);
  for (const s of suites) assert.equal(cases(s).length, Number(s.attributes.tests));
});

test("the threshold decides failing and passing cases; suppressed findings are skipped with their reason", () => {
  const all = parseXml(formatJunit(sampleResult()));
  assert.equal(all.attributes.failures, "6", "without a threshold every unsuppressed finding fails");
  const high = parseXml(formatJunit(sampleResult(), { failOn: "high" }));
  assert.equal(high.attributes.failures, "3");
  const npm = high.children.find((s) => s.attributes.name === "npm")!;
  const express = cases(npm).find(
    (c) => c.attributes.name === "GHSA-rv95-896h-c2vc (CVE-2024-29041) in express@4.17.1",
  )!;
  assert.deepEqual(express.children, [], "medium passes a high gate");
  const cookie = cases(npm).find((c) => c.attributes.classname === "npm.cookie")!;
  assert.equal(cookie.children[0]!.name, "skipped");
  assert.equal(
    cookie.children[0]!.attributes.message,
    "suppressed by app.openvex.json statement 1: not_affected: vulnerable_code_not_in_execute_path (cookie names are constants)",
  );
  const deb = high.children.find((s) => s.attributes.name === "deb")!;
  const critical = cases(deb).find((c) => c.attributes.name?.startsWith("CVE-2024-5535"))!;
  const failure = critical.children[0]!;
  assert.equal(failure.name, "failure");
  assert.equal(failure.attributes.type, "critical");
  assert.equal(
    failure.attributes.message,
    "critical: libssl3 3.0.11-1~deb12u1 is affected by CVE-2024-5535; fixed in: 3.0.14-1~deb12u1",
  );
  assert.match(failure.text, /found in: \/var\/lib\/dpkg\/status/);
});

test("packages without findings are passing cases, so the report shows what was checked", () => {
  const doc = parseXml(formatJunit(sampleResult()));
  const npm = doc.children.find((s) => s.attributes.name === "npm")!;
  const ms = cases(npm).find((c) => c.attributes.classname === "npm.ms")!;
  assert.equal(ms.attributes.name, "ms@2.1.1: no known vulnerabilities");
  assert.deepEqual(ms.children, []);
});

test("hostile names and control characters cannot break the XML", () => {
  const result = sampleResult();
  result.findings[0]!.vulnerability.summary = "bell \u0007 and ]]> and \uD800 lone surrogate";
  const xml = formatJunit(result);
  const doc = parseXml(xml);
  const npm = doc.children.find((s) => s.attributes.name === "npm")!;
  assert.ok(
    cases(npm).some((c) => c.attributes.classname === 'npm.<script>alert("x")</script>'),
    "the name reads back as text",
  );
  assert.ok(!xml.includes("\u0007"));
});
