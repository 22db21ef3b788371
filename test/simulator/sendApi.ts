/**
 * The Source SDK Send API: `POST /realtime/sdk/{sourceId}`. Validates synchronously, answers
 * `200 ok`, and imports asynchronously after `settings.importDelayMs`. Errors are plain-text bodies
 * carrying the documented messages (the way a Rails `render plain:` endpoint answers).
 *
 * Order of checks: size (413) -> source (422) -> signature (422) -> JSON (400) -> envelope (400)
 * -> action (422) -> resource format (422) -> typing rate (429).
 */
import { CONTEXT_KEY_RE, type SdkParams, type SimDomain, str } from "./domain";
import { type SimResponse, textResponse } from "./http";
import { nowIso } from "./ids";
import { declaresAction } from "./implementation";
import { sdkSignatureMatches } from "./signature";

export const SEND_API_MAX_BYTES = 20_971_520;
export const SUPPORTED_ACTIONS = [
  "messages.create",
  "private_messages.create",
  "threads.create",
  "users.create",
  "status.mark_as_read",
  "typing.start",
  "typing.stop",
] as const;
const STRUCTURED_TYPES = ["select", "rich_link", "template", "carousel"];
const MAX_BODY_CHARS = 20_000;

class Invalid extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const invalidFormat = (): Invalid => new Invalid(422, "Invalid resource format");

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function present(value: unknown): boolean {
  const s = str(value);
  return s !== undefined && s.trim() !== "";
}

function checkContextData(domain: SimDomain, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) throw invalidFormat();
  if (
    domain.settings.contextDataKeys === "reject" &&
    Object.keys(value).some((k) => !CONTEXT_KEY_RE.test(k))
  ) {
    throw invalidFormat();
  }
}

/**
 * SDK user (objects.md "Users"): id, screenname and created_at are required, and updated_at too
 * unless `userUpdatedAtRequired` is off (the table marks it Required, the examples omit it).
 * `gender` is "man" or "woman", `puppetizable` a boolean; null counts as absent.
 */
function checkUser(domain: SimDomain, user: unknown): Record<string, unknown> {
  if (!isObject(user)) throw invalidFormat();
  if (!present(user.id) || !present(user.screenname) || !present(user.created_at)) throw invalidFormat();
  if (domain.settings.userUpdatedAtRequired && !present(user.updated_at)) throw invalidFormat();
  if (user.gender !== undefined && user.gender !== null && user.gender !== "man" && user.gender !== "woman")
    throw invalidFormat();
  if (user.puppetizable !== undefined && user.puppetizable !== null && typeof user.puppetizable !== "boolean")
    throw invalidFormat();
  checkContextData(domain, user.context_data);
  return user;
}

/** `format` is "html" or "text" (objects.md); absent or null means html. */
function checkFormat(params: Record<string, unknown>): void {
  const format = params.format;
  if (format !== undefined && format !== null && format !== "html" && format !== "text")
    throw invalidFormat();
}

function checkAttachments(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) throw invalidFormat();
  for (const a of value) {
    if (!isObject(a)) throw invalidFormat();
    const byUrl = typeof a.url === "string" && a.url !== "";
    const byContent = typeof a.content === "string" && a.content !== "" && typeof a.filename === "string";
    if (!byUrl && !byContent) throw invalidFormat();
  }
  return value.length > 0;
}

function checkBody(params: Record<string, unknown>, required: boolean): void {
  const hasBody = typeof params.body === "string" && params.body.trim() !== "";
  if (typeof params.body === "string" && params.body.length > MAX_BODY_CHARS) throw invalidFormat();
  const hasAttachments = checkAttachments(params.attachments);
  if (required && !hasBody && !hasAttachments) throw invalidFormat();
}

function checkStructured(
  domain: SimDomain,
  sourceId: string,
  params: Record<string, unknown>,
  author: Record<string, unknown>,
): boolean {
  const structured = params.structured_content;
  if (structured === undefined || structured === null) return false;
  if (!isObject(structured)) throw invalidFormat();
  const implementation = domain.store.sourceMeta.get(sourceId)?.implementation;
  if (implementation && !implementation.options.includes("view.messaging")) {
    throw new Invalid(422, "Source doesn't support structured contents");
  }
  if (!present(structured.type)) throw new Invalid(422, "Type is required for structured contents");
  if (!STRUCTURED_TYPES.includes(String(structured.type))) {
    throw new Invalid(422, "Source doesn't support this type of structured content");
  }
  const source = domain.store.sources.get(sourceId);
  const known = source
    ? domain.store.findIdentityByForeignId(source.community_id, str(author.id) ?? "")
    : undefined;
  const puppet =
    author.puppetizable === true || (known ? domain.store.identityMeta.get(known.id)?.puppetizable : false);
  if (!puppet) throw new Invalid(422, "The author must be puppetizable");
  checkStructuredFields(structured);
  return true;
}

const mustNotBeEmpty = (name: string): Invalid =>
  new Invalid(422, `structured_content: "${name}" must not be empty`);

/** The attributes structured-messages.md requires per type, and its limits (counts and lengths). */
function checkStructuredFields(structured: Record<string, unknown>): void {
  const within = (value: unknown, max: number) => typeof value !== "string" || value.length <= max;
  const buttons = (items: unknown, max: number) => {
    if (items === undefined || items === null) return;
    if (!Array.isArray(items) || items.length > max) throw invalidFormat();
    for (const b of items) {
      if (!isObject(b) || (b.type !== "url" && b.type !== "reply")) throw invalidFormat();
      if (!present(b.title)) throw mustNotBeEmpty("title");
      if (!within(b.title, 80) || !within(b.payload, 1000)) throw invalidFormat();
      if (b.type === "url" && !present(b.url)) throw mustNotBeEmpty("url");
    }
  };
  const card = (c: unknown) => {
    if (!isObject(c)) throw invalidFormat();
    if (!present(c.title)) throw mustNotBeEmpty("title");
    if (!within(c.title, 350) || !within(c.subtitle, 1000) || !within(c.url, 2048)) throw invalidFormat();
    buttons(c.items, 4);
  };
  switch (structured.type) {
    case "select": {
      const items = structured.items;
      if (!Array.isArray(items) || items.length === 0) throw mustNotBeEmpty("items");
      if (items.length > 13) throw invalidFormat();
      for (const item of items) {
        if (!isObject(item) || !present(item.title)) throw mustNotBeEmpty("title");
        if (!within(item.title, 80) || !within(item.payload, 1000)) throw invalidFormat();
      }
      return;
    }
    case "rich_link":
      if (!present(structured.url)) throw mustNotBeEmpty("url");
      if (!present(structured.title)) throw mustNotBeEmpty("title");
      return;
    case "template":
      card(structured);
      return;
    case "carousel": {
      const items = structured.items;
      if (!Array.isArray(items) || items.length === 0) throw mustNotBeEmpty("items");
      if (items.length > 10) throw invalidFormat();
      for (const item of items) card(item);
      return;
    }
  }
}

/** `structured_reply` (objects.md): a hash with the chosen item's payload. */
function checkStructuredReply(value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isObject(value) || typeof value.payload !== "string" || value.payload.length > 1000)
    throw invalidFormat();
}

function hasOption(domain: SimDomain, sourceId: string, option: string): boolean {
  return domain.store.sourceMeta.get(sourceId)?.implementation?.options.includes(option) ?? false;
}

function validate(
  domain: SimDomain,
  sourceId: string,
  action: string,
  params: Record<string, unknown>,
): void {
  switch (action) {
    case "messages.create":
    case "private_messages.create": {
      if (!present(params.id)) throw invalidFormat();
      const author = checkUser(domain, params.author);
      if (action === "private_messages.create") checkUser(domain, params.recipient);
      else if (!present(params.thread_id) && !hasOption(domain, sourceId, "messages.unthreaded"))
        throw invalidFormat();
      checkContextData(domain, params.context_data);
      checkFormat(params);
      const structured = checkStructured(domain, sourceId, params, author);
      checkStructuredReply(params.structured_reply);
      checkBody(params, !structured);
      return;
    }
    case "threads.create": {
      if (!present(params.id)) throw invalidFormat();
      if (!hasOption(domain, sourceId, "threads.no_content")) {
        checkUser(domain, params.author);
        checkFormat(params);
        checkBody(params, true);
      }
      checkContextData(domain, params.context_data);
      return;
    }
    case "users.create":
      checkUser(domain, params);
      return;
    case "status.mark_as_read":
      if (!present(params.id)) throw invalidFormat();
      return;
    case "typing.start":
      if (!present(params.thread_id) && !present(params.in_reply_to_id)) throw invalidFormat();
      if (typeof params.preview !== "string") throw invalidFormat();
      return;
    case "typing.stop":
      if (!present(params.thread_id) && !present(params.in_reply_to_id)) throw invalidFormat();
      return;
    default:
      throw new Invalid(422, "Invalid action");
  }
}

/**
 * Whether the source's accepted implementation.info allows `action` on the Send API:
 * - typing.start/stop only with the option `messaging.typing_indicator` (objects.md "Typing",
 *   options.md), so never before an answer was accepted;
 * - creates of messages, private messages and threads, and status.mark_as_read, only when declared
 *   (send-api.md "Requirements"); before any answer they are allowed (lenient, see README);
 * - users.create always (objects.md: users have no actions to declare).
 */
function declared(domain: SimDomain, sourceId: string, action: string): boolean {
  const implementation = domain.store.sourceMeta.get(sourceId)?.implementation ?? null;
  if (action === "typing.start" || action === "typing.stop") {
    return implementation?.options.includes("messaging.typing_indicator") ?? false;
  }
  if (!implementation) return true;
  const resource = action.slice(0, action.indexOf("."));
  if (!["messages", "private_messages", "threads", "status"].includes(resource)) return true;
  return declaresAction(implementation, action);
}

function typing(
  domain: SimDomain,
  sourceId: string,
  action: "typing.start" | "typing.stop",
  params: SdkParams,
): void {
  const threadForeignId = str(params.thread_id) ?? null;
  const inReplyToId = str(params.in_reply_to_id) ?? null;
  const key = `${sourceId}|${threadForeignId ?? `reply:${inReplyToId}`}`;
  const now = Date.now();
  if (action === "typing.start") {
    const last = domain.typingClock.get(key);
    if (last !== undefined && now - last < domain.settings.typingWindowMs) {
      throw new Invalid(429, "too many typing requests, please try again in a few seconds");
    }
    domain.typingClock.set(key, now);
  } else {
    domain.typingClock.delete(key);
  }
  domain.typingEvents.push({
    sourceId,
    action,
    threadForeignId,
    inReplyToId,
    preview: typeof params.preview === "string" ? params.preview : null,
    time: nowIso(),
  });
}

export function handleSendApi(
  domain: SimDomain,
  sourceId: string,
  rawBody: Buffer,
  tooLarge: boolean,
  query: URLSearchParams,
  headers: Record<string, string>,
): SimResponse {
  try {
    if (tooLarge) throw new Invalid(413, `Invalid request size (max: ${SEND_API_MAX_BYTES} bytes)`);
    const token = domain.store.sourceToken(sourceId);
    if (!token) throw new Invalid(422, "Source not found");
    const candidates = [headers["x-smccsdk-signature"], query.get("signature") ?? undefined];
    if (!candidates.some((sig) => sdkSignatureMatches(rawBody, sig, token)))
      throw new Invalid(422, "Invalid signature");
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawBody.toString("utf8"));
    } catch {
      throw new Invalid(400, "Bad request");
    }
    if (!isObject(parsed)) throw new Invalid(400, "Bad request");
    const { action, params } = parsed;
    if (typeof action !== "string" || action === "" || !isObject(params))
      throw new Invalid(400, "Invalid request format");
    if (!(SUPPORTED_ACTIONS as readonly string[]).includes(action) || !declared(domain, sourceId, action)) {
      throw new Invalid(422, "Invalid action");
    }
    validate(domain, sourceId, action, params);
    if (action === "typing.start" || action === "typing.stop") typing(domain, sourceId, action, params);
    else {
      if (action === "users.create") {
        domain.sdkUsers.push({
          sourceId,
          foreignId: str(params.id) ?? "",
          puppetizable: params.puppetizable === true,
          identityId: null,
          params,
          time: nowIso(),
        });
      }
      domain.scheduleImport(sourceId, action, params);
    }
    return textResponse(200, "ok");
  } catch (err) {
    if (err instanceof Invalid) return textResponse(err.status, err.message);
    return textResponse(500, err instanceof Error ? err.message : String(err));
  }
}
