/**
 * Who the client is, for its share of the body budget: the socket's address, or behind one of the
 * operator's configured proxies the address that proxy saw (X-Forwarded-For, read from the right,
 * skipping the proxies themselves). A forwarded address from anyone else is ignored: it is just text.
 */
import { isIP } from "node:net";

export function plainAddress(address: string | undefined): string {
  if (!address) return "unknown";
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function clientAddressOf(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  const peer = plainAddress(socketAddress);
  if (trustedProxies.size === 0 || !trustedProxies.has(peer) || forwardedFor === undefined) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i].trim());
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}
