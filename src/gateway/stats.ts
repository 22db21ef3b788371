/** Counters the health endpoint reports. */
export interface GatewayStats {
  sdkRequests: number;
  agentReplies: number;
  duplicates: number;
  queueUpdates: number;
  webhookEvents: number;
  webhookEventsIgnored: number;
  rejected: number;
  deliveryFailures: number;
}

export function newStats(): GatewayStats {
  return {
    sdkRequests: 0,
    agentReplies: 0,
    duplicates: 0,
    queueUpdates: 0,
    webhookEvents: 0,
    webhookEventsIgnored: 0,
    rejected: 0,
    deliveryFailures: 0,
  };
}
