/**
 * Reading a node's arguments reports every wrong field at once: each reader that refuses its field
 * (an EngageError of kind "config") is noted and the rest still run; one EngageError then names them
 * all (a single one is thrown as it is). Any other error is not about the config and goes on at once.
 */
import { EngageError, isEngageError } from "../../engage/errors";

type Readers = Record<string, () => unknown>;

/** Runs the readers in order; their values by name, or one config error naming every refused field. */
export function readConfig<R extends Readers>(readers: R): { [K in keyof R]: ReturnType<R[K]> } {
  const values: Record<string, unknown> = {};
  const refused: EngageError[] = [];
  for (const [name, reader] of Object.entries(readers)) {
    try {
      values[name] = reader();
    } catch (error) {
      if (!isEngageError(error) || error.kind !== "config") throw error;
      refused.push(error);
    }
  }
  const [first, ...more] = refused;
  if (first && more.length === 0) throw first;
  if (first) {
    const fields = [...new Set(refused.flatMap((error) => error.details.fields ?? []))];
    throw new EngageError("config", refused.map((error) => error.message).join(" "), { fields });
  }
  return values as { [K in keyof R]: ReturnType<R[K]> };
}
