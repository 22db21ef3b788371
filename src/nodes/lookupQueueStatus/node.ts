/** Lookup Queue Status: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { inputHandoverOnError } from "../shared/inputHandover";
import { lookupQueueStatusArguments } from "./arguments";
import { lookupQueueStatusDescriptor } from "./descriptor";
import { runLookupQueueStatus } from "./lookupQueueStatus";

export const lookupQueueStatusNode = defineEngageNode({
  descriptor: lookupQueueStatusDescriptor,
  argumentsOf: lookupQueueStatusArguments,
  behaviour: runLookupQueueStatus,
  onError: inputHandoverOnError,
});
