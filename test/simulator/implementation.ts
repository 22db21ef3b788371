/**
 * The integrator's `implementation.info` answer: parsing and validation. RCE stores an answer only
 * when it is valid; until then the source gets no other push (quick-start.md, "Polling to Start
 * Integration"). The rules and their doc places are listed in README.md.
 */
import type { SdkImplementationInfo } from "./types";

/** Every option name options.md documents. */
export const KNOWN_OPTIONS = [
  "messages.unthreaded",
  "messages.no_title",
  "private_messages.no_title",
  "threads.no_content",
  "messages.text",
  "messages.html",
  "messages.allow_survey",
  "private_messages.text",
  "private_messages.html",
  "threads.text",
  "threads.html",
  "view.messaging",
  "messaging.typing_indicator",
  "messaging.queuing_update",
  "messages.attachments",
  "private_messages.attachments",
  "threads.attachments",
] as const;

/** Objects that can carry actions (objects.md: users have none; status only via the Send API). */
export const KNOWN_OBJECTS = ["messages", "private_messages", "threads", "status"] as const;

/** Top-level keys of the answer (action-details.md "implementation.info": objects, options, locales). */
const KNOWN_KEYS = ["objects", "options", "locales"];

export type ThreadsDeclaration = "messages-only" | "threads-required";

export interface ImplementationCheck {
  /** The parsed answer, or null when it was not a JSON object with `objects`. */
  implementation: SdkImplementationInfo | null;
  /** The `objects` form that was used. */
  objectsForm: "hash" | "flat-list" | null;
  /** Every reason the answer is refused; empty = accepted. */
  problems: string[];
}

export interface ImplementationRules {
  threadsDeclaration: ThreadsDeclaration;
  /** Accept the flat `["messages.create", ...]` list of request-response.md's PHP example. */
  acceptFlatObjects: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Parses and validates an implementation.info answer body (already JSON-parsed). */
export function checkImplementationInfo(json: unknown, rules: ImplementationRules): ImplementationCheck {
  const problems: string[] = [];
  if (!isRecord(json)) {
    return { implementation: null, objectsForm: null, problems: ["the answer is not a JSON object"] };
  }
  for (const key of Object.keys(json)) {
    if (!KNOWN_KEYS.includes(key)) problems.push(`unknown key "${key}"`);
  }
  const objects: Record<string, string[]> = {};
  let objectsForm: ImplementationCheck["objectsForm"] = null;
  const rawObjects = json.objects;
  if (Array.isArray(rawObjects)) {
    objectsForm = "flat-list";
    if (!rules.acceptFlatObjects) problems.push('"objects" must be an object {name: [actions]}, not a list');
    for (const entry of rawObjects) {
      const text = typeof entry === "string" ? entry : "";
      const dot = text.indexOf(".");
      if (dot <= 0 || dot === text.length - 1) {
        problems.push(`flat "objects" entry ${JSON.stringify(entry)} is not "<object>.<action>"`);
        continue;
      }
      const resource = text.slice(0, dot);
      const list = objects[resource] ?? [];
      list.push(text.slice(dot + 1));
      objects[resource] = list;
    }
  } else if (isRecord(rawObjects)) {
    objectsForm = "hash";
    for (const [resource, actions] of Object.entries(rawObjects)) {
      if (!Array.isArray(actions) || actions.some((a) => typeof a !== "string" || a === "")) {
        problems.push(`"objects.${resource}" must be a list of action names`);
        continue;
      }
      objects[resource] = [...(actions as string[])];
    }
  } else {
    return {
      implementation: null,
      objectsForm: null,
      problems: [...problems, '"objects" is missing or not an object {name: [actions]}'],
    };
  }
  for (const resource of Object.keys(objects)) {
    if (!(KNOWN_OBJECTS as readonly string[]).includes(resource))
      problems.push(`unknown object "${resource}"`);
  }

  let options: string[] = [];
  if (json.options !== undefined && json.options !== null) {
    if (!Array.isArray(json.options) || json.options.some((o) => typeof o !== "string")) {
      problems.push('"options" must be a list of option names');
    } else {
      options = [...(json.options as string[])];
    }
  }
  for (const option of options) {
    if (!(KNOWN_OPTIONS as readonly string[]).includes(option)) problems.push(`unknown option "${option}"`);
  }
  if (json.locales !== undefined && json.locales !== null && !isRecord(json.locales)) {
    problems.push('"locales" must be an object');
  }

  const has = (option: string) => options.includes(option);
  const declared = (resource: string) => resource in objects;
  const messaging = has("view.messaging");
  if (has("messaging.typing_indicator") && !messaging) {
    problems.push('"messaging.typing_indicator" needs "view.messaging"');
  }
  if (messaging) {
    const resources = ["messages", "private_messages"].filter(declared);
    if (resources.length !== 1) {
      problems.push('"view.messaging" needs exactly one of "messages" and "private_messages"');
    }
    for (const resource of resources) {
      if (has(`${resource}.html`))
        problems.push(`"view.messaging" is text only: "${resource}.html" is not allowed`);
    }
  }
  if (declared("messages")) {
    if (rules.threadsDeclaration === "messages-only") {
      if (messaging && declared("threads")) {
        problems.push(
          '"view.messaging" allows one resource only: declare "messages" without "threads" (threadsDeclaration: messages-only)',
        );
      }
    } else if (!declared("threads") && !has("messages.unthreaded")) {
      problems.push(
        '"messages" without "messages.unthreaded" must come with "threads" (threadsDeclaration: threads-required)',
      );
    }
  }
  return { implementation: { objects, options }, objectsForm, problems };
}

/** Whether a stored implementation declares `action` ("<object>.<operation>"). */
export function declaresAction(implementation: SdkImplementationInfo | null, action: string): boolean {
  if (!implementation) return false;
  const dot = action.indexOf(".");
  const resource = action.slice(0, dot);
  const op = action.slice(dot + 1);
  return implementation.objects[resource]?.includes(op) ?? false;
}
