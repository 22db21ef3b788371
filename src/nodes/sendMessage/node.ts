/** Send Message to RCE: its descriptor, arguments and behaviour joined by the one definer. */
import { defineEngageNode } from "../../cognigy/defineNode";
import { sendMessageArguments } from "./arguments";
import { sendMessageDescriptor } from "./descriptor";
import { runSendMessage } from "./sendMessage";

export const sendMessageNode = defineEngageNode({
  descriptor: sendMessageDescriptor,
  argumentsOf: sendMessageArguments,
  behaviour: runSendMessage,
});
