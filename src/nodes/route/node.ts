/** Route to RCE: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { inputHandoverOnError } from "../shared/inputHandover";
import { routeArguments } from "./arguments";
import { routeDescriptor } from "./descriptor";
import { runRoute } from "./route";

export const routeNode = defineEngageNode({
  descriptor: routeDescriptor,
  argumentsOf: routeArguments,
  behaviour: runRoute,
  onError: inputHandoverOnError,
});
