/**
 * One option = one row: its file key (the row's key in a table), environment variable, type and
 * bounds, default, whether it is a secret, and its help. Readers (./read.ts), the JSON schema
 * (./schema.ts), config types (OptionValues), secret lists and echoes are derived from the rows.
 */

interface RowBase<V> {
  /** The environment variable; `envAliases` are read too when it is unset (e.g. PORT). */
  env: string;
  envAliases?: readonly string[];
  /** One line for the README and --help: what it is, where to find it. */
  help: string;
  default?: V;
  required?: boolean;
  /** The whole value is a secret: never shown or quoted, and placeholders and weak values are refused. */
  secret?: boolean;
  /** A secret another system issues (an API token): its form is checked by its own rules, not its strength. */
  issued?: boolean;
  /** Secrets inside a value that is not one as a whole (a URL's password), for the redactor. */
  secretsIn?: (value: V) => string[];
  /** How the value is shown in the configuration echo (default: as it is; secrets as "set, N characters"). */
  shown?: (value: V) => unknown;
  /** What else is wrong with a value of the right type, worded to follow its name; undefined when fine. */
  check?: (value: V) => string | undefined;
  /** The value as it is used (e.g. a trailing slash dropped), after it passed every check. */
  normalise?: (value: V) => V;
}

export interface TextRow extends RowBase<string> {
  kind: "text";
  minLength?: number;
  maxLength?: number;
  /** A JSON-schema (ECMAScript) pattern, with `form` saying in words what it allows. */
  pattern?: string;
  form?: string;
}

export interface IntegerRow extends RowBase<number> {
  kind: "integer";
  min: number;
  max: number;
}

export interface BooleanRow extends RowBase<boolean> {
  kind: "boolean";
}

export interface ChoiceRow extends RowBase<string> {
  kind: "choice";
  values: readonly string[];
}

/** A list of text items: a JSON array in a file, comma-separated in the environment. */
export interface ListRow extends RowBase<readonly string[]> {
  kind: "list";
  maxItems: number;
  /** Each item's pattern, with `itemForm` saying in words what it allows. */
  itemPattern?: string;
  itemForm?: string;
}

export type OptionRow = TextRow | IntegerRow | BooleanRow | ChoiceRow | ListRow;
export type OptionTable = Readonly<Record<string, OptionRow>>;

type ValueOf<R> = R extends { kind: "integer" }
  ? number
  : R extends { kind: "list" }
    ? readonly string[]
    : R extends { kind: "boolean" }
      ? boolean
      : R extends { kind: "choice"; values: readonly (infer V)[] }
        ? V
        : string;
type Always<R> = R extends { default: unknown } ? true : R extends { required: true } ? true : false;

/** The values a table describes: a row with a default or marked required is always there. */
export type OptionValues<T extends OptionTable> = {
  -readonly [K in keyof T as Always<T[K]> extends true ? K : never]: ValueOf<T[K]>;
} & {
  -readonly [K in keyof T as Always<T[K]> extends true ? never : K]?: ValueOf<T[K]>;
};

/** What a row allows, in words ("an integer from 1000 to 120000", "one of debug, info, …"). */
export function formOf(row: OptionRow): string {
  switch (row.kind) {
    case "integer":
      return `an integer from ${row.min} to ${row.max}`;
    case "boolean":
      return "true or false";
    case "choice":
      return `one of ${row.values.join(", ")}`;
    case "list":
      return `a list of at most ${row.maxItems} ${row.itemForm ?? "text items"} (comma-separated in the environment)`;
    case "text": {
      if (row.form) return row.form;
      const { minLength = 0, maxLength } = row;
      if (maxLength === undefined) return "text";
      return minLength > 0
        ? `text of ${minLength} to ${maxLength} characters`
        : `text of at most ${maxLength} characters`;
    }
  }
}

/** The keys of a table's secret rows. */
export function secretKeys(table: OptionTable): string[] {
  return Object.keys(table).filter((key) => table[key].secret === true);
}
