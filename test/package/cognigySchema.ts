/**
 * Cognigy.AI's own upload schema for extension packages, with the custom ajv formats it needs.
 *
 * The schemas come from @cognigy/rest-api-client 0.19.0 (`build/shared/interfaces/resources/IExtension.js`
 * and `INodeDescriptorSet.js`). That package only *uses* Cognigy's custom formats ("resource-name",
 * "mongo-id", "color", "snippet-*"); their definitions live in the closed-source backend. The only format
 * list it ships (`build/shared/json-schema.js` → `ajvFormats`) names the standard ajv-formats set. So the
 * custom formats below are our equivalents, written to accept everything Cognigy's own tooling produces
 * (e.g. extension-tools' default node `textColor: "black"`) and to reject what clearly is not a name/id/color.
 *
 * The client validates with ajv 6.12.6 (its own dependency). ajv 8 differs in strict mode, so the ajv 8
 * instance is configured to behave like ajv 6 on these schemas: `strict: false` (ajv 6 ignores
 * `additionalItems` next to a non-array `items`, `maxLength` on arrays, `minLength` next to a union type),
 * but unknown formats are collected and reported instead of being silently ignored.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/** CommonJS shapes of the rest-api-client files we read (they ship no typings for deep paths). */
interface ExtensionSchemaModule {
  extensionNodePackageDataSchema: Record<string, unknown>;
  extensionDataSchema: { properties: Record<string, Record<string, unknown>> };
}
interface SnippetModule {
  snippetTypes: readonly string[];
}

const RESOURCES = "@cognigy/rest-api-client/build/shared/interfaces/resources";

export const extensionSchemas: ExtensionSchemaModule = require(`${RESOURCES}/IExtension.js`);
const snippetModule: SnippetModule = require(`${RESOURCES}/ISnippet.js`);

/** Cognigy names: 1–200 characters, not blank, no control characters. */
export function isResourceName(value: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  return value.length <= 200 && value.trim().length > 0 && !/[\u0000-\u001f\u007f]/.test(value);
}

export function isMongoId(value: string): boolean {
  return /^[0-9a-fA-F]{24}$/.test(value);
}

/** CSS named colors (CSS Color Module Level 4) plus `transparent` and `currentcolor`. */
const CSS_NAMED_COLORS = new Set(
  (
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown " +
    "burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan " +
    "darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid " +
    "darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet " +
    "deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro " +
    "ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki " +
    "lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow " +
    "lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray " +
    "lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine " +
    "mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise " +
    "mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive olivedrab " +
    "orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru " +
    "pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown " +
    "seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan " +
    "teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen transparent currentcolor"
  ).split(" "),
);

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()/rgba()/hsl()/hsla()` or a CSS color keyword. */
export function isColor(value: string): boolean {
  const v = value.trim().toLowerCase();
  return (
    /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/.test(v) ||
    /^(?:rgb|rgba|hsl|hsla)\(\s*[-+0-9.%,\s/a-z]+\)$/.test(v) ||
    CSS_NAMED_COLORS.has(v)
  );
}

/** Formats reachable from `extensionNodePackageDataSchema`. */
export const COGNIGY_FORMATS: Record<string, (value: string) => boolean> = {
  "resource-name": isResourceName,
  "mongo-id": isMongoId,
  color: isColor,
  // snippetDataSchema (node `tokens`): the type list is the one rest-api-client exports.
  "snippet-type": (value) => snippetModule.snippetTypes.includes(value),
  "snippet-label": isResourceName,
  "snippet-script": (value) => value.trim().length > 0,
};

export interface UploadValidator {
  validate: ValidateFunction;
  /** Warnings ajv logged while compiling (e.g. unknown formats). */
  compileWarnings: string[];
}

type SchemaObject = Record<string, unknown>;

const isSchemaObject = (value: unknown): value is SchemaObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Cognigy embeds the same sub-schema with `$id: "nodeFieldConditionSchema"` in several places (field and
 * section conditions). ajv 6 accepts that; ajv 8 refuses a repeated `$id` within one schema. Equivalent
 * form for ajv 8: register each `$id` sub-schema once and replace the embedded copies by a `$ref` to it.
 */
export function hoistEmbeddedIds(schema: SchemaObject): { root: SchemaObject; shared: SchemaObject[] } {
  const shared = new Map<string, SchemaObject>();
  const walk = (value: unknown, isRoot: boolean): unknown => {
    if (Array.isArray(value)) {
      return value.map((entry) => walk(entry, false));
    }
    if (!isSchemaObject(value)) {
      return value;
    }
    const id = value.$id;
    if (!isRoot && typeof id === "string") {
      const known = shared.get(id);
      if (!known) {
        shared.set(id, value); // placeholder against recursion, replaced below
        shared.set(id, walk(value, true) as SchemaObject);
      } else if (JSON.stringify(known) !== JSON.stringify(walk(value, true))) {
        throw new Error(`schema $id "${id}" is used for two different sub-schemas`);
      }
      return { $ref: id };
    }
    const copy: SchemaObject = {};
    for (const [key, entry] of Object.entries(value)) {
      copy[key] = walk(entry, false);
    }
    return copy;
  };
  const root = walk(schema, true) as SchemaObject;
  return { root, shared: [...shared.values()] };
}

/** ajv 8 set up like Cognigy's ajv 6, with the custom formats registered. */
export function createUploadValidator(schema: SchemaObject): UploadValidator {
  const compileWarnings: string[] = [];
  const collect = (...args: unknown[]) => compileWarnings.push(args.map(String).join(" "));
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: true,
    logger: { log: () => undefined, warn: collect, error: collect },
  });
  for (const [name, check] of Object.entries(COGNIGY_FORMATS)) {
    ajv.addFormat(name, { type: "string", validate: check });
  }
  const { root, shared } = hoistEmbeddedIds(schema);
  for (const sub of shared) {
    ajv.addSchema(sub);
  }
  return { validate: ajv.compile(root), compileWarnings };
}

/** Minimal typing of the ajv 6 API used for the cross-check. */
interface Ajv6Instance {
  addFormat(name: string, format: (value: string) => boolean): unknown;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: Ajv6Error[] | null };
}
interface Ajv6Error {
  dataPath: string;
  message?: string;
  params: Record<string, unknown>;
}
type Ajv6Constructor = new (options: Record<string, unknown>) => Ajv6Instance;

/**
 * The exact ajv major Cognigy's client ships (6.12.6, nested under rest-api-client), if npm installed it
 * there. Returns undefined when it cannot be found.
 */
export function loadAjv6(): Ajv6Constructor | undefined {
  try {
    const clientDir = require.resolve("@cognigy/rest-api-client/package.json").replace(/package\.json$/, "");
    const ajvPath = require.resolve("ajv", { paths: [clientDir] });
    const candidate: { version?: string } & Ajv6Constructor = require(ajvPath);
    const pkg: { version: string } = require(ajvPath.replace(/lib[/\\]ajv\.js$/, "package.json"));
    return pkg.version.startsWith("6.") ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** Validates with ajv 6; returns readable error lines (empty = valid). */
export function validateWithAjv6(Ajv6: Ajv6Constructor, schema: object, data: unknown): string[] {
  const ajv = new Ajv6({ allErrors: true, unknownFormats: true });
  for (const [name, check] of Object.entries(COGNIGY_FORMATS)) {
    ajv.addFormat(name, check);
  }
  const validate = ajv.compile(schema);
  if (validate(data)) {
    return [];
  }
  return (validate.errors ?? []).map(
    (e) => `${e.dataPath || "(root)"}: ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`,
  );
}

/** Resolves a JSON pointer in `data` to show the offending value next to each ajv error. */
function valueAt(data: unknown, pointer: string): unknown {
  let current: unknown = data;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Human-readable ajv 8 errors, with the offending value and node type where possible. */
export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown): string {
  if (!errors || errors.length === 0) {
    return "(no errors)";
  }
  return errors
    .map((error) => {
      const nodeMatch = /^\/nodes\/(\d+)/.exec(error.instancePath);
      const nodeType = nodeMatch
        ? (valueAt(data, `/nodes/${nodeMatch[1]}/type`) as string | undefined)
        : undefined;
      const where = `${error.instancePath || "(root)"}${nodeType ? ` [node "${nodeType}"]` : ""}`;
      let shown = JSON.stringify(valueAt(data, error.instancePath));
      if (shown && shown.length > 120) {
        shown = `${shown.slice(0, 117)}...`;
      }
      return `  - ${where}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}${shown ? ` (value: ${shown})` : ""}`;
    })
    .join("\n");
}
