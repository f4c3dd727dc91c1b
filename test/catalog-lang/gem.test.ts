import assert from "node:assert/strict";
import { test } from "node:test";
import { gemfileLockCataloger } from "../../src/ecosystems/gem/catalog/gemfile-lock-cataloger.js";
import { gemspecCataloger } from "../../src/ecosystems/gem/catalog/gemspec-cataloger.js";
import { parseGemspec } from "../../src/ecosystems/gem/catalog/parse-gemspec.js";
import { tokenizeRuby } from "../../src/ecosystems/gem/catalog/tokenize-ruby.js";
import { gem } from "../../src/ecosystems/gem/index.js";
import { catalogFixture, listIds } from "./fixture-dir.js";

const specs = "/usr/local/lib/ruby/gems/3.2.0/specifications";

test("gemspec: assignments are read without evaluating Ruby; decoys in comments and strings are ignored", () => {
  const facts = parseGemspec(
    [
      "# -*- encoding: utf-8 -*-",
      "# stub: nokogiri 1.15.4 x86_64-linux lib",
      '# s.name = "commented-out"',
      "Gem::Specification.new do |s|",
      '  s.name = "nokogiri".freeze',
      '  s.version = Gem::Version.new("1.15.4")',
      '  s.description = "says s.version = \\"9.9.9\\" and #{not.interpolated}".freeze',
      '  s.summary = %q{s.licenses = ["GPL"]}',
      "  s.licenses = %w[MIT Apache-2.0]",
      '  s.platform = "x86_64-linux".freeze',
      "  s.post_install_message = <<~MSG",
      '    s.name = "heredoc-decoy"',
      "  MSG",
      "=begin",
      's.version = "0.0.1"',
      "=end",
      "end",
    ].join("\n"),
  );
  assert.deepEqual(facts, {
    name: "nokogiri",
    version: "1.15.4",
    licenses: ["MIT", "Apache-2.0"],
    platform: "x86_64-linux",
    origin: "assignments",
  });
});

test("gemspec: computed values fall back to the # stub: line; nothing usable is a diagnostic", async () => {
  const { packages, diagnostics } = await catalogFixture([gemspecCataloger], {
    [`${specs}/dyn-2.0.0.gemspec`]:
      '# stub: dyn 2.0.0 ruby lib\nGem::Specification.new do |s|\n  s.name = "dyn"\n  s.version = Dyn::VERSION\n  s.license = "MIT"\nend\n',
    [`${specs}/default/json-2.6.3.gemspec`]:
      'Gem::Specification.new do |s|\n  s.name = "json"\n  s.version = "2.6.3"\nend\n',
    [`${specs}/broken.gemspec`]: 'Gem::Specification.new do |s|\n  s.name = "x#{y}"\nend\n',
    [`${specs}/bad-version.gemspec`]:
      'Gem::Specification.new do |s|\n  s.name = "bad"\n  s.version = "1.0; rm -rf /"\nend\n',
    [`${specs}/binary.gemspec`]: Buffer.from([0x00, 0xff, 0x10, 0x00, 0x41]),
  });
  assert.deepEqual(listIds(packages), ["dyn@2.0.0", "json@2.6.3"]);
  assert.deepEqual(packages.find((p) => p.name === "dyn")?.licenses, ["MIT"]);
  assert.equal(packages.find((p) => p.name === "dyn")?.metadata?.from, "stub-line");
  assert.equal(packages.find((p) => p.name === "json")?.metadata?.defaultGem, true);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), [
    "binary-content",
    "invalid-field",
    "missing-field",
  ]);
});

test("Ruby tokenizer: never throws and stays linear on hostile input", () => {
  const hostile = [
    '"unterminated',
    "%q(((((",
    "<<~EOF\nno end",
    "#{".repeat(1000),
    "\u0000\uffff",
    ':"x',
  ].join("\n");
  assert.doesNotThrow(() => tokenizeRuby(hostile));
  const big = 's.name = "x"\n'.repeat(100_000);
  const started = Date.now();
  const tokens = tokenizeRuby(big);
  assert.equal(tokens.filter((t) => t.kind === "string").length, 100_000);
  assert.ok(Date.now() - started < 10_000);
});

test("Gemfile.lock: GEM, GIT and PATH specs, platforms folded, DEPENDENCIES make direct", async () => {
  const lock = [
    "GIT",
    "  remote: https://github.com/o/r.git",
    "  revision: abc",
    "  specs:",
    "    fromgit (0.1.0)",
    "",
    "GEM",
    "  remote: https://rubygems.org/",
    "  specs:",
    "    nokogiri (1.15.4-x86_64-linux)",
    "      racc (~> 1.4)",
    "    nokogiri (1.15.4-aarch64-linux)",
    "    racc (1.7.1)",
    "    rails (7.0.8)",
    "    odd line",
    "",
    "PLATFORMS",
    "  x86_64-linux",
    "",
    "DEPENDENCIES",
    "  fromgit!",
    "  nokogiri",
    "  rails (~> 7.0)",
    "",
    "BUNDLED WITH",
    "   2.4.10",
  ].join("\n");
  const { packages, diagnostics } = await catalogFixture(
    [gemfileLockCataloger],
    { "/app/Gemfile.lock": lock },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), ["fromgit@0.1.0", "nokogiri@1.15.4", "racc@1.7.1", "rails@7.0.8"]);
  const nokogiri = packages.find((p) => p.name === "nokogiri");
  assert.deepEqual(nokogiri?.metadata?.platforms, ["x86_64-linux", "aarch64-linux"]);
  assert.equal(nokogiri?.metadata?.relationship, "direct");
  assert.equal(packages.find((p) => p.name === "racc")?.metadata?.relationship, "indirect");
  assert.equal(packages.find((p) => p.name === "fromgit")?.metadata?.source, "git");
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ["parse-error"],
  );
  const inImage = await catalogFixture(
    gem.catalogers,
    { "/app/Gemfile.lock": lock },
    { directoryTarget: false },
  );
  assert.deepEqual(inImage.packages, [], "Gemfile.lock is read for dir: targets only");
});

test("gem purl: platform qualifier for native gems only", () => {
  const draft = {
    name: "nokogiri",
    version: "1.15.4",
    type: "gem" as const,
    locations: [],
    foundBy: "t",
    licenses: [],
  };
  assert.equal(gem.purl(draft), "pkg:gem/nokogiri@1.15.4");
  assert.equal(
    gem.purl({ ...draft, purlHints: { platform: "java" } }),
    "pkg:gem/nokogiri@1.15.4?platform=java",
  );
});
