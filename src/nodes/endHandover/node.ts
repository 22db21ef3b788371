/** End Handover: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { inputHandoverOnError } from "../shared/inputHandover";
import { endHandoverArguments } from "./arguments";
import { endHandoverDescriptor } from "./descriptor";
import { runEndHandover } from "./endHandover";

export const endHandoverNode = defineEngageNode({
  descriptor: endHandoverDescriptor,
  argumentsOf: endHandoverArguments,
  behaviour: runEndHandover,
  onError: inputHandoverOnError,
});
