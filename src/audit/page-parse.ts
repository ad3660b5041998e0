// The landing page's subresources, read from its HTML with parse5 (the WHATWG tree-construction algorithm, so
// "in <head>" means what a browser decides, not where a tag happens to sit in the text). Pure: text in, data out.
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.ChildNode | DefaultTreeAdapterTypes.Document;
type Element = DefaultTreeAdapterTypes.Element;

export type ResourceKind = 'script' | 'stylesheet' | 'image' | 'font' | 'frame';

export interface PageResource {
  /** Absolute http(s) URL, resolved against the page's own URL (or its <base href>). */
  url: string;
  /** Lower-case host name of the URL. */
  host: string;
  kind: ResourceKind;
  /**
   * The browser waits for it before first paint: a classic script in <head> without async/defer, or a
   * stylesheet in <head> for all media (media="print" does not block).
   */
  renderBlocking: boolean;
}

/** Past this many resources a page is reported as it was read so far: an endless list is no evidence. */
export const MAX_PAGE_RESOURCES = 2000;
/** Font files named by url() in inline <style> (@font-face): the parser sees CSS as text. */
const FONT_URL = /url\(\s*(['"]?)([^'")\s]+\.(?:woff2?|ttf|otf|eot)(?:[?#][^'")\s]*)?)\1\s*\)/gi;

function attr(el: Element, name: string): string | null {
  return el.attrs.find((a) => a.name === name)?.value ?? null;
}

function relTokens(el: Element): Set<string> {
  return new Set((attr(el, 'rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean));
}

function absolute(raw: string | null, base: URL): URL | null {
  if (raw === null || raw.trim() === '') return null;
  try {
    const url = new URL(raw.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** What one element loads, if anything: its URL attribute, kind, and whether it blocks rendering where it is. */
function resourceOf(el: Element, inHead: boolean): { raw: string | null; kind: ResourceKind; renderBlocking: boolean } | null {
  switch (el.tagName) {
    case 'script': {
      const src = attr(el, 'src');
      if (src === null) return null;
      const type = (attr(el, 'type') ?? '').trim().toLowerCase();
      // Module scripts are deferred by default; async/defer take a classic script off the critical path.
      const deferred = type === 'module' || attr(el, 'async') !== null || attr(el, 'defer') !== null;
      return { raw: src, kind: 'script', renderBlocking: inHead && !deferred };
    }
    case 'link': {
      const rel = relTokens(el);
      const as = (attr(el, 'as') ?? '').toLowerCase();
      if (rel.has('stylesheet')) {
        // A stylesheet for print (or disabled, or an alternate one) is fetched but does not hold up the first paint.
        const media = (attr(el, 'media') ?? '').trim().toLowerCase();
        const blocks = inHead && media !== 'print' && !rel.has('alternate') && attr(el, 'disabled') === null;
        return { raw: attr(el, 'href'), kind: 'stylesheet', renderBlocking: blocks };
      }
      if (rel.has('preload') || rel.has('prefetch')) {
        const kind: ResourceKind | null = as === 'font' ? 'font' : as === 'script' ? 'script' : as === 'style' ? 'stylesheet' : as === 'image' ? 'image' : null;
        return kind ? { raw: attr(el, 'href'), kind, renderBlocking: false } : null;
      }
      if (rel.has('icon') || rel.has('apple-touch-icon')) return { raw: attr(el, 'href'), kind: 'image', renderBlocking: false };
      return null;
    }
    case 'img':
      return { raw: attr(el, 'src'), kind: 'image', renderBlocking: false };
    case 'iframe':
    case 'frame':
      return { raw: attr(el, 'src'), kind: 'frame', renderBlocking: false };
    default:
      return null;
  }
}

/**
 * Every script, stylesheet, image, font and frame the page names, in document order, at most
 * MAX_PAGE_RESOURCES. `pageUrl` resolves relative URLs (a <base href> in the page overrides it). Non-http(s)
 * URLs (data:, javascript:) load nothing from a host and are left out. Never throws: parse5 recovers from any
 * input as a browser does.
 */
export function pageResources(html: string, pageUrl: string): PageResource[] {
  const document = parse(html);
  let base = new URL(pageUrl);
  const out: PageResource[] = [];
  const add = (raw: string | null, kind: ResourceKind, renderBlocking: boolean): void => {
    const url = absolute(raw, base);
    if (url && out.length < MAX_PAGE_RESOURCES) out.push({ url: url.href, host: url.hostname.toLowerCase().replace(/^\[|\]$/g, ''), kind, renderBlocking });
  };
  // Iterative walk: a hostile page nested 100,000 deep must not exhaust the stack.
  const stack: { node: Node; inHead: boolean }[] = [{ node: document, inHead: false }];
  while (stack.length > 0 && out.length < MAX_PAGE_RESOURCES) {
    const { node, inHead } = stack.pop()!;
    if (!('childNodes' in node)) continue;
    if ('tagName' in node) {
      if (node.tagName === 'base') {
        const href = absolute(attr(node, 'href'), base);
        if (href) base = href;
      } else if (node.tagName === 'style') {
        const css = node.childNodes.map((c) => ('value' in c && typeof c.value === 'string' ? c.value : '')).join('');
        for (const match of css.matchAll(FONT_URL)) add(match[2] ?? null, 'font', false);
      } else {
        const found = resourceOf(node, inHead);
        if (found) add(found.raw, found.kind, found.renderBlocking);
      }
    }
    const childInHead = inHead || ('tagName' in node && node.tagName === 'head');
    const children = 'content' in node && node.tagName === 'template' ? [] : node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, inHead: childInHead });
  }
  return out;
}
