// What a landing page loads, as a table: each kind of element with a case that counts and a close one that does
// not, render-blocking decided by where the browser puts the element (parse5), relative URLs and <base href>.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PAGE_RESOURCES, pageResources } from '../../../src/audit/page-parse.ts';

const PAGE = 'https://www.shop.test/en/';
const one = (html: string) => pageResources(html, PAGE).map((r) => [r.kind, r.url, r.renderBlocking]);

describe('pageResources', () => {
  const table: { name: string; html: string; want: (string | boolean)[][] }[] = [
    { name: 'a classic script in <head> blocks rendering', html: '<head><script src="https://a.test/x.js"></script></head>', want: [['script', 'https://a.test/x.js', true]] },
    { name: 'an async script in <head> does not', html: '<head><script async src="https://a.test/x.js"></script></head>', want: [['script', 'https://a.test/x.js', false]] },
    { name: 'a deferred script in <head> does not', html: '<head><script defer src="https://a.test/x.js"></script></head>', want: [['script', 'https://a.test/x.js', false]] },
    { name: 'a module script is deferred by default', html: '<head><script type="module" src="https://a.test/m.js"></script></head>', want: [['script', 'https://a.test/m.js', false]] },
    { name: 'a classic script in <body> does not block the first paint', html: '<body><script src="https://a.test/x.js"></script></body>', want: [['script', 'https://a.test/x.js', false]] },
    { name: 'an inline script loads nothing', html: '<head><script>var a = 1</script></head>', want: [] },
    { name: 'a stylesheet in <head> blocks rendering', html: '<head><link rel="stylesheet" href="//cdn.test/s.css"></head>', want: [['stylesheet', 'https://cdn.test/s.css', true]] },
    { name: 'a print stylesheet does not', html: '<head><link rel="stylesheet" media="print" href="/p.css"></head>', want: [['stylesheet', 'https://www.shop.test/p.css', false]] },
    { name: 'an alternate stylesheet does not', html: '<head><link rel="alternate stylesheet" href="/alt.css"></head>', want: [['stylesheet', 'https://www.shop.test/alt.css', false]] },
    { name: 'an element after body content is in <body>, whatever the text says (parse5 closes <head>)', html: '<head><title>t</title></head><p>hi</p><head><script src="/late.js"></script></head>', want: [['script', 'https://www.shop.test/late.js', false]] },
    { name: 'a script before any <head> tag is in the implied <head>', html: '<!doctype html><script src="/early.js"></script><p>x', want: [['script', 'https://www.shop.test/early.js', true]] },
    { name: 'images, frames and preloaded fonts are loaded, never render-blocking', html: '<link rel="preload" as="font" href="/f.woff2"><img src="i.png"><iframe src="https://v.test/e"></iframe>', want: [['font', 'https://www.shop.test/f.woff2', false], ['image', 'https://www.shop.test/en/i.png', false], ['frame', 'https://v.test/e', false]] },
    { name: 'a font named in inline @font-face counts', html: '<style>@font-face { src: url("https://fonts.test/a.woff2") format("woff2"), url(/b.ttf); }</style>', want: [['font', 'https://fonts.test/a.woff2', false], ['font', 'https://www.shop.test/b.ttf', false]] },
    { name: 'a preconnect hint loads nothing', html: '<link rel="preconnect" href="https://a.test">', want: [] },
    { name: 'data:, javascript: and broken URLs load nothing from a host', html: '<img src="data:image/png;base64,AA"><iframe src="javascript:void 0"></iframe><img src="http://[bad">', want: [] },
    { name: '<base href> resolves what follows it', html: '<head><base href="https://static.test/assets/"><script src="a.js"></script></head>', want: [['script', 'https://static.test/assets/a.js', true]] },
    { name: 'what sits in a <template> is not loaded', html: '<template><img src="https://t.test/x.png"></template>', want: [] },
  ];
  for (const row of table) it(row.name, () => assert.deepEqual(one(row.html), row.want));

  it('names each resource\'s host in lower case', () => {
    assert.deepEqual(pageResources('<img src="https://IMG.Shop.TEST/a.png">', PAGE).map((r) => r.host), ['img.shop.test']);
  });
  it(`stops at ${MAX_PAGE_RESOURCES} resources, and survives nesting far deeper than any stack`, () => {
    assert.equal(pageResources('<img src="/a.png">'.repeat(MAX_PAGE_RESOURCES + 10), PAGE).length, MAX_PAGE_RESOURCES);
    const deep = `${'<div>'.repeat(100_000)}<img src="/deep.png">`;
    assert.deepEqual(pageResources(deep, PAGE).map((r) => r.url), ['https://www.shop.test/deep.png']);
  });
});
