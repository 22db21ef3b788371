/**
 * The RCE simulator's strict parameter hook: a REST request for an operation in the contract table
 * (rceOperations.ts) is refused when it carries a parameter name the spec does not declare for that
 * operation, or a value outside the spec's enum. Requests for operations not in the table pass.
 *
 * The simulator's params merge the query string with a form or JSON body (params.ts), and JSON bodies
 * lose the `[]` of array names, so names are compared with `x` and `x[]` treated alike; the contract
 * test (restContract.test.ts) checks the exact wire form of the client's own requests.
 */
import type { Params, ParamValue } from "../simulator/params";
import { checkParams, findOperations, type ProblemKind } from "./rceOperations";

/** RCE's error identifier for this refusal. UNCONFIRMED: the docs show the body shape, not this identifier. */
export const INVALID_PARAMETER_ERROR = "invalid_parameter";

const REFUSED: ReadonlySet<ProblemKind> = new Set<ProblemKind>(["unknown_name", "enum"]);

/** Back to wire (name, value) pairs: `x`, `x[]` per item (one empty `x[]` for an empty list), `x[k]`. */
function wirePairs(params: Params): [string, string][] {
  const pairs: [string, string][] = [];
  const push = (name: string, value: ParamValue | undefined) => {
    if (typeof value === "string") pairs.push([name, value]);
    else if (Array.isArray(value)) {
      if (value.length === 0) pairs.push([`${name}[]`, ""]);
      for (const item of value) pairs.push([`${name}[]`, item]);
    } else if (value) {
      for (const [key, sub] of Object.entries(value)) push(`${name}[${key}]`, sub);
    }
  };
  for (const [name, value] of params) push(name, value);
  return pairs;
}

/**
 * The refusal message for a request whose operation is in the table and whose params break it, else
 * undefined (not in the table, or fine).
 */
export function strictParamsRefusal(method: string, subPath: string, params: Params): string | undefined {
  const [op] = findOperations(method, subPath);
  if (!op) return undefined;
  const problems = checkParams(op, wirePairs(params), { bearer: true, lenientBrackets: true }).filter((p) =>
    REFUSED.has(p.kind),
  );
  if (problems.length === 0) return undefined;
  return problems.map((p) => p.message).join("; ");
}
