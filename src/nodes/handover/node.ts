/** Handover to RCE: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { inputHandoverOnError } from "../shared/inputHandover";
import { handoverArguments } from "./arguments";
import { handoverDescriptor } from "./descriptor";
import { runHandover } from "./handover";

export const handoverNode = defineEngageNode({
  descriptor: handoverDescriptor,
  argumentsOf: handoverArguments,
  behaviour: runHandover,
  onError: inputHandoverOnError,
});
