// The second factor inside the components: a challenged sign-in's code, and TOTP enrolment with
// its QR code and recovery codes (also for a signed-in user, from the user button).
import { field, h } from "./ui-base.js";
import { strings } from "./ui-strings.js";

/** The enrolment's QR code: the service's SVG, parsed as SVG (never as HTML) and labelled; nothing if it is not SVG. */
function qrCode(svgText) {
  const svg = new DOMParser().parseFromString(svgText ?? "", "image/svg+xml").documentElement;
  if (svg.localName !== "svg") return null; // the key below still enrols
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", strings.qrCode);
  return h("div", { class: "qr" }, document.importNode(svg, true));
}

// a challenge that died (too many wrong codes, or too old) ends the step: the sign-in starts over
const challengeDied = (error) => error?.error === "invalid_token";

/**
 * A form with one code field; resolves with what `submit(code)` answers once it succeeds, rejects
 * when the challenge died. With `cancel`, a Back button gives up the step.
 */
function codeForm(element, prompt, buttonText, submit, cancel) {
  return new Promise((resolve, reject) => {
    const form = h("form", { onsubmit: (event) => {
      event.preventDefault();
      element.act(() => submit(form.elements.code.value.trim()), challengeDied)
        .then((answer) => answer !== undefined && resolve(answer), reject);
    } }, prompt, field(strings.code, { name: "code", autocomplete: "one-time-code", inputmode: "text", required: true }),
    h("button", { class: "primary", type: "submit" }, buttonText),
    cancel ? h("button", { class: "link", type: "button", onclick: cancel }, strings.back) : null);
    element.show(form);
  });
}

function recoveryList(codes) {
  return [h("p", {}, h("strong", {}, strings.recoveryTitle), " ", strings.recoveryPrompt),
    h("ol", { class: "codes", "aria-label": strings.recoveryTitle }, codes.map((code) => h("li", {}, code)))];
}

/** Enrols a TOTP factor (signed in, or with an enrol-only challenge); resolves with its recovery codes. */
export async function enrolTotp(element, challengeToken, cancel) {
  const mfa = element.client.auth.mfa;
  const enrolment = await mfa.enroll({ challengeToken });
  return codeForm(element, h("div", { class: "stack" }, h("p", {}, strings.enrollPrompt),
    qrCode(enrolment.qr_code_svg), h("p", {}, `${strings.secretKey}: `, h("code", {}, enrolment.secret))),
  strings.confirm, (code) => mfa.confirm({ code, challengeToken }), cancel);
}

/** Completes a sign-in that answered `{ mfa }`: enrols first when it must; resolves with the session. */
async function secondFactor(element, { challenge_token: challengeToken, enroll }) {
  element.heading = enroll ? strings.enrollTitle : strings.mfaTitle;
  try {
    let prompt = h("p", {}, strings.mfaPrompt);
    if (enroll) {
      prompt = h("div", { class: "stack" }, recoveryList(await enrolTotp(element, challengeToken)), h("p", {}, strings.nextCode));
    }
    return await codeForm(element, prompt, strings.verify, (code) => element.client.auth.mfa.verify({ challengeToken, code }));
  } finally {
    element.heading = undefined;
  }
}

/** The recovery codes of a new factor, shown once, with a button to go on. */
export function showRecoveryCodes(element, codes, onDone) {
  element.show(h("div", { class: "stack" }, recoveryList(codes), h("button", { class: "primary", type: "button", onclick: onDone },
    strings.close)));
}

/**
 * Ends a sign-in: a `{ mfa }` answer goes through the second factor first; then the session is
 * kept in the client, the page hears `latchkey:signed-in`, and the element says who signed in.
 * A step that fails for good shows the element's first view again, with the reason.
 */
export async function settle(element, answer) {
  if (answer === undefined) return undefined; // refused: the alert says why
  let session;
  try {
    session = answer.mfa ? await secondFactor(element, answer.mfa) : answer;
  } catch (error) {
    await element.restart(error);
    return undefined;
  }
  if (!session.token) {
    element.show(h("p", { role: "status" }, strings.checkMail)); // a signup that must verify its address first
    return session;
  }
  element.emit("latchkey:signed-in", { user: session.user, client: element.client });
  element.show(h("p", { role: "status" }, strings.signedInAs(session.user.email ?? session.user.id)));
  return session;
}
