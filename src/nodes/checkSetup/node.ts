/** Check RCE Setup: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { checkSetupArguments } from "./arguments";
import { runCheckSetup } from "./checkSetup";
import { checkSetupDescriptor } from "./descriptor";

export const checkSetupNode = defineEngageNode({
  descriptor: checkSetupDescriptor,
  argumentsOf: checkSetupArguments,
  behaviour: runCheckSetup,
});
