/** Log of every request the simulator received, with small query helpers. */
import { pathMatches } from "./faults";
import { nowIso } from "./ids";
import type { LoggedRequest } from "./types";

export class RequestLog {
  private seq = 0;
  entries: LoggedRequest[] = [];

  start(
    method: string,
    url: string,
    path: string,
    search: URLSearchParams,
    headers: Record<string, string>,
    body: string,
  ): LoggedRequest {
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of search) {
      const current = query[key];
      if (current === undefined) query[key] = value;
      else query[key] = Array.isArray(current) ? [...current, value] : [current, value];
    }
    const entry: LoggedRequest = {
      seq: ++this.seq,
      method,
      path,
      url,
      query,
      headers,
      body,
      status: 0,
      fault: null,
      time: nowIso(),
      durationMs: 0,
    };
    this.entries.push(entry);
    return entry;
  }

  find(method?: string, pattern?: string | RegExp): LoggedRequest[] {
    const m = method?.toUpperCase();
    return this.entries.filter(
      (e) =>
        (m === undefined || m === "*" || e.method === m) &&
        (pattern === undefined || pathMatches(e.path, pattern)),
    );
  }

  count(method?: string, pattern?: string | RegExp): number {
    return this.find(method, pattern).length;
  }

  reset(): void {
    this.entries = [];
  }
}
