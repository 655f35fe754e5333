// Builds the article page (index.html of the site) from its two sources:
//   web/index.html    the frame: head, header, the sticky figure pane, scripts; it holds the
//                     markers <!-- toc --> and <!-- article -->
//   web/article.html  the prose: one <section id="s-..." data-fig="<figure id>"
//                     data-params="key=value&amp;..."> per figure, each with an <h2> (or <h3>),
//                     one <p class="takeaway"> and, last, one <p class="caption">
// and writes one HTML file with no script needed for its text or formulas:
//   - TeX between \( \) (inline) and \[ \] (display) becomes MathML (temml, at build time: the
//     page keeps its strict Content-Security-Policy and shows formulas before any script runs);
//   - sections are numbered in order: each caption starts "Figure N.", each empty
//     <a class="figref" href="#s-..."></a> reads "Figure N";
//   - each caption is followed by a link that opens the figure full screen (explore.html with
//     the section's parameters; tide-article.js keeps it on the reader's current ones);
//   - <!-- toc --> becomes the list of sections.
// A section that breaks these rules stops the build with a message naming it.
// Usage: node scripts/build-article.mjs web/index.html web/article.html OUT.html
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const temml = require('temml');

const [framePath, articlePath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node scripts/build-article.mjs FRAME.html ARTICLE.html OUT.html');
  process.exit(2);
}

function fail(message) {
  console.error(`build-article: ${articlePath}: ${message}`);
  process.exit(1);
}

const unescapeHtml = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const plainText = (html) => unescapeHtml(html.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();

/** TeX to MathML; a formula temml cannot read stops the build. */
function typeset(html) {
  const render = (tex, displayMode) => {
    try {
      // The page allows no inline style, so temml's few style attributes go: display maths is a
      // block by the stylesheet (tide-article.css); math-depth, a thin negative space (\!) and
      // an empty "false" change next to nothing. Any other stops the build (see below).
      return temml.renderToString(unescapeHtml(tex).trim(), { displayMode, throwOnError: true, xml: false })
        .replace(/ style="(display:block math;|math-depth:\d+;|margin-left:-0\.1667em;|false)"/g, '')
        // MathML Core ignores `fence` (kept by temml for MathML 3 readers): a fifth of the bytes.
        .replace(/ fence="true"/g, '')
        // A display formula wider than the column scrolls sideways: the keyboard can reach it.
        .replace(/^<math display="block"/, '<math display="block" tabindex="0"');
    } catch (e) {
      return fail(`the formula ${JSON.stringify(tex)} cannot be typeset: ${e.message}`);
    }
  };
  return html.replace(/\\\[([\s\S]+?)\\\]/g, (_, tex) => render(tex, true))
    .replace(/\\\(([\s\S]+?)\\\)/g, (_, tex) => render(tex, false));
}

const frame = readFileSync(framePath, 'utf8');
let article = readFileSync(articlePath, 'utf8');

// The sections, in order, with what each must have.
const sectionPattern = /<section\b([^>]*)>([\s\S]*?)<\/section>/g;
const attr = (attrs, name) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? m[1] : null;
};
const sections = [];
for (const m of article.matchAll(sectionPattern)) {
  const [, attrs, body] = m;
  const id = attr(attrs, 'id');
  const fig = attr(attrs, 'data-fig');
  const where = id ? `section ${id}` : `section ${sections.length + 1}`;
  if (!id || !/^s-[a-z0-9-]+$/.test(id)) fail(`${where}: needs an id "s-..." (lower case, digits, hyphens)`);
  if (!fig) fail(`${where}: needs data-fig, the id of the figure it shows`);
  if (attr(attrs, 'data-params') === null) fail(`${where}: needs data-params (may be empty)`);
  if (sections.some((s) => s.id === id)) fail(`${where}: the id is used twice`);
  const heading = /<h([23])[^>]*>([\s\S]*?)<\/h\1>/.exec(body);
  if (!heading) fail(`${where}: needs an <h2> or <h3> title`);
  const count = (re) => (body.match(re) || []).length;
  if (count(/<p class="takeaway">/g) !== 1) fail(`${where}: needs exactly one <p class="takeaway">`);
  if (count(/<p class="caption">/g) !== 1) fail(`${where}: needs exactly one <p class="caption">`);
  if (!/<p class="caption">[\s\S]*?<\/p>\s*$/.test(body)) fail(`${where}: the caption must come last`);
  sections.push({ id, fig, params: unescapeHtml(attr(attrs, 'data-params')), title: plainText(heading[2]),
    level: Number(heading[1]) });
}
if (sections.length === 0) fail('no <section> found');
const number = new Map(sections.map((s, i) => [s.id, i + 1]));

// Captions numbered, each followed by its full-screen link; figure references filled.
let n = 0;
article = article.replace(sectionPattern, (whole, attrs, body) => {
  const s = sections[n++];
  const hash = [`fig=${s.fig}`, s.params].filter(Boolean).join('&');
  const numbered = body.replace(/<p class="caption">/, `<p class="caption" id="caption-${s.id.slice(2)}"><strong>Figure ${number.get(s.id)}.</strong> `)
    .replace(/<\/p>\s*$/, `</p>\n  <p class="open-full"><a href="explore.html#${escapeHtml(hash)}">Open figure ${number.get(s.id)} full screen</a></p>\n`);
  return `<section${attrs} data-number="${number.get(s.id)}" aria-labelledby="title-${s.id.slice(2)}">`
    + numbered.replace(/<h([23])(\s[^>]*)?>/, `<h$1 id="title-${s.id.slice(2)}">`) + '</section>';
});
article = article.replace(/<a class="figref" href="#(s-[a-z0-9-]+)"><\/a>/g, (_, id) => {
  if (!number.has(id)) fail(`a figure reference points to #${id}, which is no section`);
  return `<a class="figref" href="#${id}">Figure ${number.get(id)}</a>`;
});
if (/<a class="figref"/.test(article.replace(/<a class="figref" href="#s-[a-z0-9-]+">Figure \d+<\/a>/g, ''))) {
  fail('a <a class="figref"> must be empty and point to a section: <a class="figref" href="#s-..."></a>');
}
article = typeset(article);
if (/\\\(|\\\[/.test(article)) fail('an unclosed \\( or \\[ is left in the text');

if (/\sstyle="/.test(article)) fail(`a formula needs a style attribute (${/\sstyle="[^"]*"/.exec(article)[0].trim()}), which the page's policy forbids: write it another way`);

const toc = ['<ol class="toc-list">',
  ...sections.filter((s) => s.level === 2).map((s) => `  <li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`),
  '</ol>'].join('\n');

for (const marker of ['<!-- toc -->', '<!-- article -->']) {
  if (!frame.includes(marker)) {
    console.error(`build-article: ${framePath}: the marker ${marker} is missing`);
    process.exit(1);
  }
}
// Indentation is dropped (the page has no <pre>): the article weighs at most 80 KB with its CSS.
const page = typeset(frame).replace('<!-- toc -->', toc).replace('<!-- article -->', article.trim())
  .replace(/\n[ \t]+/g, '\n');
writeFileSync(outPath, page);
console.log(`build-article: ${outPath}: ${sections.length} figures, ${(Buffer.byteLength(page) / 1024).toFixed(1)} KB`);
