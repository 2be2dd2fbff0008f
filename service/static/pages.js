/* Resolute reader pages: the cited paragraph (#OP8 or ?p=OP8) scrolled to, highlighted and
 * focused; "Copy citation" through the clipboard, or a selected text field where the
 * clipboard is refused. Only text is ever set: nothing goes in as HTML. */
(() => {
  "use strict";
  const status = document.querySelector(".status");
  const say = (text) => {
    if (!status) return;
    status.textContent = text;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => (status.textContent = ""), 2500);
  };

  // The paragraph a citation opened: the fragment wins, else ?p= (kept by the server as
  // data-cited and the class "cited"). Ids hold dots and parentheses: look them up by id.
  function cited() {
    let hash = location.hash.slice(1);
    try {
      hash = decodeURIComponent(hash);
    } catch (e) {} // a malformed escape: look the fragment up as it is
    const byHash = hash && document.getElementById(hash);
    if (byHash && byHash.classList.contains("para")) return byHash;
    const text = document.querySelector(".text[data-cited]");
    const id = text && text.dataset.cited;
    return (id && document.getElementById(id)) || null;
  }

  function land() {
    const para = cited();
    if (!para) return;
    for (const el of document.querySelectorAll(".para.cited")) {
      if (el !== para) el.classList.remove("cited");
    }
    para.classList.add("cited");
    if (!location.hash) para.scrollIntoView({ block: "start" });
    para.focus({ preventScroll: true }); // keyboard and screen readers start here
  }

  function fallback(button, text) {
    let field = button.parentElement.querySelector(".fallback");
    if (!field) {
      field = document.createElement("textarea");
      field.className = "fallback";
      field.readOnly = true;
      field.rows = 3;
      field.setAttribute("aria-label", button.dataset.failed);
      button.after(field);
    }
    field.value = text;
    field.focus();
    field.select();
    say(button.dataset.failed);
  }

  async function copy(button) {
    const text = button.dataset.cite;
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      button.dataset.state = "done";
      say(button.dataset.done);
    } catch (e) {
      fallback(button, text);
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.copy");
    if (button) copy(button);
  });
  window.addEventListener("hashchange", land);
  land();
})();
