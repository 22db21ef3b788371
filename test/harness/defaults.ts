/**
 * Deterministic default input / profile objects, shaped like what Cognigy passes for a Webchat v3 session.
 */
import type { HarnessCurrentTime, HarnessInput, HarnessProfile, JsonObject } from "./types";

/** Fixed "now" of every harness run (Thursday 2026-01-15 10:30:00 UTC). */
export const HARNESS_NOW = new Date(Date.UTC(2026, 0, 15, 10, 30, 0, 0));

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export function currentTimeFor(date: Date): HarnessCurrentTime {
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    milliseconds: date.getUTCMilliseconds(),
    weekday: date.getUTCDay(),
    dayOfWeek: DAY_NAMES[date.getUTCDay()],
    ISODate: date.toISOString(),
    plain: date.toISOString().replace("T", " ").slice(0, 19),
    timezoneOffset: "+00:00",
  };
}

export function defaultInput(): HarnessInput {
  return {
    text: "I would like to talk to a human",
    data: {},
    userId: "user-0001",
    sessionId: "session-0001",
    inputId: "input-0001",
    traceId: "trace-0001",
    URLToken: "url-token-0001",
    channel: "webchat3",
    endpointType: "webchat3",
    mode: "TextOnly",
    type: "Statement",
    language: "en-US",
    localeId: "locale-0001",
    execution: 1,
    intent: null,
    intentScore: null,
    slots: {},
    state: "default",
    currentTime: currentTimeFor(HARNESS_NOW),
  };
}

export function defaultProfile(): HarnessProfile {
  return {
    firstname: "Ada",
    lastname: "Lovelace",
    email: "ada@example.com",
    gender: "female",
    profilepic: "",
    prevent_data_collection: false,
    accepted_gdpr: true,
    goals: [],
  };
}

/** Deep copy of JSON-like data (structuredClone keeps Dates, Maps etc. intact). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function mergeInput(partial: (Partial<HarnessInput> & JsonObject) | undefined): HarnessInput {
  return { ...defaultInput(), ...(partial ? clone(partial) : {}) } as HarnessInput;
}

export function mergeProfile(partial: HarnessProfile | undefined): HarnessProfile {
  return { ...defaultProfile(), ...(partial ? clone(partial) : {}) };
}
