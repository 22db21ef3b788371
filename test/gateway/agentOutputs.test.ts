import { expect } from "chai";
import { decodePick } from "../../src/conversation/picks";
import { agentOutputs } from "../../src/gateway/agentOutputs";

const kinds = (outputs: ReturnType<typeof agentOutputs>) =>
  outputs.map((o) => (o.rich ? Object.keys(o.rich._cognigy._default)[0] : "text"));

describe("gateway/agentOutputs: an agent's message as what the user's Endpoint shows", () => {
  it("a select becomes quick replies whose payload is the pick; the fallback lists the choices", () => {
    const [out] = agentOutputs(
      { structured_content: { type: "select", items: [{ title: "Yes", payload: "Y" }, { title: "No" }] } },
      "Shall we?",
      "msg-1",
    );
    const quick = out.rich?._cognigy._default;
    expect(quick && "_quickReplies" in quick).to.equal(true);
    if (!quick || !("_quickReplies" in quick)) return;
    expect(quick._quickReplies.fallbackText).to.equal("Shall we?\n1. Yes\n2. No");
    expect(quick._quickReplies.quickReplies.map((q) => decodePick(q.payload))).to.deep.equal([
      { title: "Yes", payload: "Y", replyTo: "msg-1" },
      { title: "No", replyTo: "msg-1" },
    ]);
  });

  it("keeps RCE's limits and drops what is not of the documented form", () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ title: `Option ${i}` }));
    const [out] = agentOutputs({ structured_content: { type: "select", items } }, "", "m");
    const def = out.rich?._cognigy._default;
    expect(def && "_quickReplies" in def ? def._quickReplies.quickReplies : []).to.have.length(13);
    // An unknown type, and links that are not http(s), are left out.
    expect(kinds(agentOutputs({ structured_content: { type: "time_picker" } }, "Hi", "m"))).to.deep.equal([
      "text",
    ]);
    expect(
      kinds(
        agentOutputs(
          { attachments: [{ url: "javascript:alert(1)" }, { url: "https://x.example/a.mp3" }] },
          "",
          "m",
        ),
      ),
    ).to.deep.equal(["_audio"]);
    const template = agentOutputs(
      {
        structured_content: {
          type: "template",
          title: "T",
          items: [
            { type: "url", title: "Go", url: "ftp://x" },
            { type: "reply", title: "Ok" },
          ],
        },
      },
      "",
      "m",
    );
    const buttons = template[0].rich?._cognigy._default;
    expect(
      buttons && "_buttons" in buttons ? buttons._buttons.buttons.map((b) => b.title) : [],
    ).to.deep.equal(["Ok"]);
  });

  it("attachments by RCE's kind or MIME type: image, audio, video, else a file link", () => {
    const out = agentOutputs(
      {
        attachments: [
          { url: "https://x.example/p", type: "image" },
          { url: "https://x.example/s.mp4", type: "audio" },
          { url: "https://x.example/v", type: "video/mp4" },
          { url: "https://x.example/label.pdf", filename: "label.pdf" },
        ],
      },
      "Here",
      "m",
    );
    expect(kinds(out)).to.deep.equal(["text", "_image", "_audio", "_video", "_buttons"]);
  });
});
