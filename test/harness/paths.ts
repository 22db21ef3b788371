/**
 * Dot-path helpers mirroring how Cognigy treats keys such as "rce.handover" in
 * `api.addToContext` / `api.addToInput` / `api.getContext`: each dot descends one object level,
 * missing (or non-object) intermediate levels are created as objects.
 */
import type { JsonObject } from "./types";

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null;
}

const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);

export function splitPath(path: string): string[] {
  if (typeof path !== "string" || path.length === 0) {
    throw new TypeError(`key must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const segments = path.split(".");
  for (const segment of segments) {
    if (segment.length === 0) {
      throw new TypeError(`key ${JSON.stringify(path)} has an empty path segment`);
    }
    if (FORBIDDEN_SEGMENTS.has(segment)) {
      throw new TypeError(`key ${JSON.stringify(path)} contains the forbidden segment "${segment}"`);
    }
  }
  return segments;
}

/** Reads `obj.a.b.c` for path "a.b.c"; `undefined` when any level is missing. */
export function getPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const segment of splitPath(path)) {
    if (!isObject(current)) {
      return undefined;
    }
    current = current[segment];
  }
  return current;
}

/** Writes `value` at path "a.b.c", creating intermediate objects. */
export function setPath(obj: JsonObject, path: string, value: unknown): void {
  const segments = splitPath(path);
  let current: JsonObject = obj;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (isObject(next)) {
      current = next;
    } else {
      const created: JsonObject = {};
      current[segment] = created;
      current = created;
    }
  }
  current[segments[segments.length - 1]] = value;
}

/** Deletes the property at path "a.b.c" if it exists. */
export function deletePath(obj: JsonObject, path: string): void {
  const segments = splitPath(path);
  let current: unknown = obj;
  for (const segment of segments.slice(0, -1)) {
    if (!isObject(current)) {
      return;
    }
    current = current[segment];
  }
  if (isObject(current)) {
    delete current[segments[segments.length - 1]];
  }
}
