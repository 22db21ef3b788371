/**
 * The `q` search syntax of RCE list endpoints: `keyword:value` pairs separated by spaces, values in
 * double (or, leniently, single) quotes when they contain spaces, `-keyword:value` negates, bare
 * words go to the default `text` keyword, and `order:<field>.<asc|desc>` sorts.
 */

export interface SearchTerm {
  keyword: string;
  value: string;
  negated: boolean;
}

export interface ParsedQuery {
  terms: SearchTerm[];
  order: { field: string; direction: "asc" | "desc" } | null;
}

export function parseQuery(q: string | undefined): ParsedQuery {
  const terms: SearchTerm[] = [];
  let order: ParsedQuery["order"] = null;
  if (!q) return { terms, order };
  let i = 0;
  const n = q.length;
  const readValue = (): string => {
    const quote = q[i];
    if (quote === '"' || quote === "'") {
      const end = q.indexOf(quote, i + 1);
      const value = end === -1 ? q.slice(i + 1) : q.slice(i + 1, end);
      i = end === -1 ? n : end + 1;
      return value;
    }
    let value = "";
    while (i < n && !/\s/.test(q[i] as string)) value += q[i++];
    return value;
  };
  while (i < n) {
    while (i < n && /\s/.test(q[i] as string)) i++;
    if (i >= n) break;
    let negated = false;
    if (q[i] === "-") {
      negated = true;
      i++;
    }
    if (q[i] === '"' || q[i] === "'") {
      terms.push({ keyword: "text", value: readValue(), negated });
      continue;
    }
    let word = "";
    while (i < n && q[i] !== ":" && !/\s/.test(q[i] as string)) word += q[i++];
    if (q[i] === ":") {
      i++;
      const value = readValue();
      const keyword = word.toLowerCase();
      if (keyword === "order") {
        const [field, dir] = value.split(".");
        order = { field: field ?? "", direction: dir === "asc" ? "asc" : "desc" };
      } else {
        terms.push({ keyword, value, negated });
      }
    } else if (word !== "") {
      terms.push({ keyword: "text", value: word, negated });
    }
  }
  return { terms, order };
}

export function termValues(parsed: ParsedQuery, keyword: string, negated = false): string[] {
  return parsed.terms.filter((t) => t.keyword === keyword && t.negated === negated).map((t) => t.value);
}

/** Search booleans: true/1/on/yes (anything else is false); `-keyword:true` means false. */
export function termBool(term: SearchTerm): boolean {
  const v = ["true", "1", "on", "yes"].includes(term.value.toLowerCase());
  return term.negated ? !v : v;
}
