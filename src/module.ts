import { createExtension } from "@cognigy/extension-tools";
import { engageConnection } from "./connections/engageConnection";

export default createExtension({
  nodes: [],
  connections: [engageConnection],
  options: { label: "RingCentral Engage" },
});
