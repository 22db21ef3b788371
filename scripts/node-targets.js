// The Node.js versions each built file is compiled for (esbuild targets), in one place.
// - The gateway runs on the operator's Node: the lowest line package.json's `engines` supports (22).
// - The extension runs in Cognigy.AI's extension runtime, whose Node version Cognigy does not publish.
//   Cognigy's own current extensions need at least Node 20 there (their knowledge connectors call
//   crypto.hash, Node >= 20.12), so the bundle targets 20; what runs on 20 runs on 22 and 24.
//   The uploaded archive's package.json declares the same (`engines`), not the gateway's lines.
module.exports = {
  GATEWAY_TARGET: "node22",
  EXTENSION_TARGET: "node20",
  EXTENSION_ENGINES: ">=20",
};
