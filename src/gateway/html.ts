/**
 * Agent replies may be HTML (RCE's default body format); the user gets plain text. A streaming
 * tokenizer (htmlparser2) keeps this linear in the input: an agent, or whoever holds the source's
 * token, cannot stall the event loop with a crafted body. Links keep their URL, images their name.
 */
import { Parser } from "htmlparser2";

const BLOCK = new Set([
  "p",
  "div",
  "li",
  "ul",
  "ol",
  "tr",
  "table",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "pre",
  "section",
  "article",
  "header",
  "footer",
]);
const SKIPPED = new Set(["script", "style", "head", "title", "template", "noscript"]);
const SAFE_URL = /^(https?:|mailto:|tel:)/i;

function attribute(value: string | undefined): string {
  return (value ?? "").trim();
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let skipping = 0;
  const links: { href: string; start: number }[] = [];
  const newline = () => out.push("\n");
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIPPED.has(name)) skipping++;
        if (skipping) return;
        if (name === "br") newline();
        else if (name === "li") out.push("\n• ");
        else if (BLOCK.has(name)) newline();
        else if (name === "a") links.push({ href: attribute(attrs.href), start: out.length });
        else if (name === "img") {
          const src = attribute(attrs.src);
          const alt = attribute(attrs.alt) || attribute(attrs.title);
          const url = SAFE_URL.test(src) ? src : "";
          if (alt || url) out.push(alt && url ? `[${alt}: ${url}]` : `[${alt || url}]`);
        }
      },
      ontext(text) {
        if (!skipping) out.push(text.replace(/\s+/g, " "));
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping) return;
        if (name === "a") {
          const link = links.pop();
          if (!link || !SAFE_URL.test(link.href)) return;
          // Bounded, so that nested anchors cannot make this quadratic.
          const label = out.length - link.start <= 64 ? out.slice(link.start).join("").trim() : "…";
          const target = link.href.replace(/^mailto:|^tel:/i, "");
          if (label !== target && label !== link.href) out.push(label ? ` (${link.href})` : link.href);
        } else if (BLOCK.has(name)) newline();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return tidy(out.join(""));
}

/** Line by line, so that whitespace of any length costs linear time. Empty lines are dropped. */
function tidy(text: string): string {
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line) lines.push(line);
  }
  return lines.join("\n");
}
