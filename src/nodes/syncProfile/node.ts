/** Sync Profile: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { syncProfileArguments } from "./arguments";
import { syncProfileDescriptor } from "./descriptor";
import { runSyncProfile } from "./syncProfile";

export const syncProfileNode = defineEngageNode({
  descriptor: syncProfileDescriptor,
  argumentsOf: syncProfileArguments,
  behaviour: runSyncProfile,
});
