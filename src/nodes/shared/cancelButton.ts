/**
 * The Cancel Button (Cognigy's Handover to Agent convention): a quick reply offered with the waiting
 * message, whose text, coming back as the user's input while waiting, cancels the handover (Route to
 * RCE does the cancel). Handover to RCE offers it with the first waiting message, Route to RCE with
 * the repeated ones, so both nodes have the same field.
 */
import type { INodeField } from "@cognigy/extension-tools/build/interfaces/descriptor";

export const cancelButtonField: INodeField = {
  key: "cancelButton",
  type: "cognigyText",
  label: "Cancel Button text",
  description:
    "Offered as a quick reply with the waiting message; the user choosing it (or typing it) while waiting cancels the handover (Route to RCE, with the same text). Empty: none.",
  defaultValue: "",
};

/**
 * Cognigy's quick replies on the default channel (`_cognigy._default._quickReplies`, as its Say node
 * writes them; the exact shape is not in the extension typings: UNCONFIRMED). The payload is the
 * button's text, which is what comes back as the user's input.
 */
export function cancelQuickReply(
  text: string,
  button: string | undefined,
): Record<string, unknown> | undefined {
  if (!button?.trim()) return undefined;
  return {
    _cognigy: {
      _default: {
        _quickReplies: {
          type: "quick_replies",
          text,
          quickReplies: [{ id: 0, contentType: "postback", title: button.trim(), payload: button.trim() }],
        },
      },
    },
  };
}
