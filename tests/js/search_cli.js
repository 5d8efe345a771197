// Runs the edition's search code (docs/assets/search/kazakh-stem.js) in node
// for the tests, with lunr-languages' Russian stemmer (node_modules/, the files
// the site copies into assets/search/lunr/), exactly as the browser does
// (edition-search.js).
// The request's "preamble" (build_tools.publish.script_data.data_preamble, the
// statement the site's first script starts with) defines window.EditionData
// before kazakh-stem.js is loaded, as in the browser.
// Usage: node search_cli.js <kazakh-stem.js> <lunr-languages min dir>  < request.json
"use strict";
const path = require("path");
const vm = require("vm");
const [stemPath, lunrDir] = process.argv.slice(2);

const lunr = {
  Pipeline: { registerFunction() {} },
  generateStopWordFilter(words) {
    const set = new Set(words);
    return token => (set.has(token) ? undefined : token);
  },
};
require(path.resolve(lunrDir, "lunr.stemmer.support.min.js"))(lunr);
require(path.resolve(lunrDir, "lunr.ru.min.js"))(lunr);
const options = {
  russianStem: w => lunr.ru.stemmer(w),
  russianStopWord: w => lunr.ru.stopWordFilter(w) === undefined,
};

let input = "";
process.stdin.setEncoding("utf8"); // a letter split between two chunks stays one letter
process.stdin.on("data", d => (input += d));
process.stdin.on("end", () => {
  const req = JSON.parse(input);
  global.window = global;
  vm.runInThisContext(req.preamble, { filename: "data-preamble.js" });
  const search = require(path.resolve(stemPath));
  const out = {};
  if (req.language) out.language = search.LANGUAGE; // the tables the stemmer runs on
  if (req.stem) out.stem = req.stem.map(w => search.stem(w));
  if (req.key) out.key = req.key.map(w => search.searchKey(w));
  if (req.normalize) out.normalize = req.normalize.map(q => search.normalizeQuery(q));
  if (req.rewrite) out.rewrite = req.rewrite.map(q => search.rewriteQuery(q, options));
  if (req.short) out.short = req.short.map(q => search.lastWordIsShort(q, options));
  if (req.separators) {
    // The characters of the given ones at which a typed word is split into words.
    out.separators = [...req.separators.chars].filter(c => search.SEPARATOR.test(c));
  }
  process.stdout.write(JSON.stringify(out));
});
