/* Resolute chat widget.
 *   <script src="https://HOST/widget.js" data-title="…" data-lang="en|zh" defer></script>
 * Plain JS, no framework; the UI lives in a shadow root so the host page's styles and ours
 * never meet. Anything that came from a user or the corpus goes in as text (textContent,
 * createTextNode), never as HTML. Page scripts may call window.Resolute.ask(text), and any
 * element with data-resolute-ask="question" asks it when clicked.
 */
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.Resolute) return; // included twice: the first one wins

  // The API lives where the script came from, so the widget works on any site.
  const ORIGIN = new URL(script.src).origin;
  const API = new URL(".", script.src).href;
  const LANG = script.dataset.lang === "zh" ? "zh" : "en";
  // A key the page's owner chose to publish (data-api-key), when the API asks for one.
  const AUTH = script.dataset.apiKey ? { Authorization: "Bearer " + script.dataset.apiKey } : {};
  const T = {
    en: {
      title: "Ask the resolutions", open: "Open chat", close: "Close chat",
      fresh: "New conversation", log: "Conversation", ask: "Your question",
      hint: "Ask about a resolution…", send: "Send", you: "You: ", bot: "Answer: ",
      typing: "Answering…", more: "Show full paragraph", less: "Hide full paragraph",
      link: "Open paragraph", loading: "Loading…", error: "Error: ",
      inserted: "inserted:", deleted: "deleted:", end: "(end)", folded: "unchanged words",
      down: "The service cannot be reached. Check the connection and try again.",
    },
    zh: {
      title: "决议问答", open: "打开对话", close: "关闭对话", fresh: "新对话",
      log: "对话记录", ask: "您的问题", hint: "请输入关于决议的问题…", send: "发送",
      you: "您：", bot: "回答：", typing: "正在回答…", more: "显示完整段落",
      less: "收起完整段落", link: "打开段落", loading: "加载中…", error: "错误：",
      inserted: "插入：", deleted: "删除：", end: "（结束）", folded: "未变的字词",
      down: "无法连接服务，请检查网络后重试。",
    },
  }[LANG];
  const NAMES = { en: "English", zh: "中文" };
  const TITLE = script.dataset.title || T.title;
  const KEY = "resolute-widget:" + API; // one conversation per service, per tab

  const CSS = `
:host{all:initial}
*{box-sizing:border-box;font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;color:#1b1f24}
.bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;
 border:0;background:#0b5cad;cursor:pointer;box-shadow:0 4px 14px #0004;z-index:2147483646}
.bubble svg{fill:#fff;width:28px;height:28px;vertical-align:middle}
.panel{position:fixed;right:20px;bottom:88px;width:min(400px,calc(100vw - 40px));
 height:min(600px,calc(100vh - 110px));display:flex;flex-direction:column;background:#fff;
 border-radius:12px;box-shadow:0 8px 30px #0005;overflow:hidden;z-index:2147483647}
.panel[hidden],.typing[hidden]{display:none}
header{display:flex;gap:6px;align-items:center;padding:10px 12px;background:#0b5cad}
h2{flex:1;margin:0;font-weight:600;font-size:16px;color:#fff}
header button{background:#fff2;color:#fff;border:0;border-radius:6px;padding:4px 8px;
 cursor:pointer}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:90%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;
 overflow-wrap:anywhere}
.user{align-self:flex-end;background:#dcebfb}
.bot{align-self:flex-start;background:#f1f3f5}
.error{align-self:stretch;background:#fde8e8;color:#8a1111}
.card,.change{margin-top:8px;padding:8px;background:#fff;border:1px solid #d0d7de;border-radius:8px;
 white-space:normal}
.card h3,.change h3{margin:0;font-weight:600}
.note{margin:0;font-size:12px;color:#57606a}
blockquote{margin:6px 0;padding-left:8px;border-left:3px solid #0b5cad}
.card button{border:1px solid #d0d7de;background:#f6f8fa;border-radius:6px;padding:2px 8px;
 cursor:pointer}
.card a{margin-left:8px;color:#0b5cad}
.change a{color:#0b5cad}
.redline{margin:6px 0;padding-left:8px;border-left:3px solid #0b5cad}
ins{background:#dafbe1;text-decoration:underline}
del{background:#ffebe9;text-decoration:line-through}
.full p{margin:6px 0}
.full b{display:block;font-size:12px;color:#57606a}
.typing{padding:0 12px 6px;color:#57606a}
.dots i{display:inline-block;width:6px;height:6px;margin-right:3px;border-radius:50%;
 background:#57606a;animation:b 1s infinite}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes b{50%{opacity:.2}}
form{display:flex;gap:6px;padding:10px;border-top:1px solid #d0d7de}
input{flex:1;padding:8px;border:1px solid #8c959f;border-radius:6px}
form button{padding:8px 12px;border:0;border-radius:6px;background:#0b5cad;color:#fff;
 cursor:pointer}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
 white-space:nowrap}
:focus-visible{outline:3px solid #f6b73c;outline-offset:2px}
@media (prefers-reduced-motion:reduce){.dots i{animation:none}}`;

  // h("p", {class: "x"}, "text", node): attributes as attributes, functions as listeners,
  // strings as text nodes (append() makes them so).
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (typeof v === "function") el.addEventListener(k, v);
      else el.setAttribute(k, v);
    }
    el.append(...kids);
    return el;
  };
  // A paragraph address from the API, kept only if it is http(s) on the service's origin.
  const href = (url) => {
    const u = new URL(url, ORIGIN);
    return u.origin === ORIGIN && /^https?:$/.test(u.protocol) ? u.href : null;
  };
  // The reader page open at the paragraph (`page`): on the service's origin, or at the
  // public address the service was told it has (RESOLUTE_PUBLIC_URL); http(s) only.
  const pageHref = (c) => {
    if (!c.page) return href(c.url);
    const u = new URL(c.page, ORIGIN);
    return /^https?:$/.test(u.protocol) ? u.href : null;
  };
  // Thrown when the service cannot be reached, told apart from answers that are errors.
  const DOWN = new Error("down");
  const net = (promise) =>
    promise.catch(() => {
      throw DOWN;
    });
  const say = (e) => (e === DOWN ? T.down : T.error + e.message);

  let state = { cid: null, messages: [] };
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY));
    if (kept && Array.isArray(kept.messages)) state = kept;
  } catch (e) {} // storage off or spoiled: start empty
  const save = () => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {} // full or off: the conversation just won't survive a reload
  };

  let root, bubble, panel, log, typing, input;
  let busy = false;

  function icon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    const path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 " +
      "2 0 0 1 2-2z");
    svg.append(path);
    return svg;
  }

  function build() {
    const host = h("resolute-widget"); // a custom tag: the host page's `div {…}` rules miss it
    root = host.attachShadow({ mode: "open" });
    bubble = h("button", {
      class: "bubble", type: "button", "aria-label": T.open + " – " + TITLE,
      "aria-expanded": "false", "aria-controls": "panel",
      click: () => (panel.hidden ? open() : close()),
    }, icon());
    log = h("div", {
      class: "log", role: "log", "aria-live": "polite", "aria-label": T.log, tabindex: "0",
    });
    typing = h("div", { class: "typing", role: "status", hidden: "" },
      h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
      " " + T.typing);
    input = h("input", { type: "text", id: "q", autocomplete: "off", placeholder: T.hint });
    const form = h("form", {
      submit: (e) => {
        e.preventDefault();
        ask(input.value);
      },
    }, h("label", { class: "sr", for: "q" }, T.ask), input,
    h("button", { type: "submit" }, T.send));
    panel = h("section", {
      id: "panel", class: "panel", role: "dialog", "aria-labelledby": "title", lang: LANG,
      hidden: "", keydown: (e) => e.key === "Escape" && close(),
    },
    h("header", {},
      h("h2", { id: "title" }, TITLE),
      h("button", { type: "button", click: reset }, T.fresh),
      h("button", { type: "button", "aria-label": T.close, click: close }, "×")),
    log, typing, form);
    root.append(h("style", {}, CSS), bubble, panel);
    document.body.append(host);
    try {
      state.messages.forEach((m) => log.append(message(m)));
    } catch (e) {
      reset(); // a stored conversation this version cannot show: start afresh
    }
  }

  function open() {
    if (!root) return;
    panel.hidden = false;
    bubble.setAttribute("aria-expanded", "true");
    log.scrollTop = log.scrollHeight;
    input.focus();
  }

  function close() {
    if (!root) return;
    panel.hidden = true;
    bubble.setAttribute("aria-expanded", "false");
    bubble.focus();
  }

  function reset() {
    if (busy) return; // the answer under way belongs to the conversation it was asked in
    state = { cid: null, messages: [] };
    save();
    if (!root) return;
    log.replaceChildren();
    input.focus();
  }

  // One message of the log: a question, an answer with its citation cards, or an error.
  // A change answer shows its brief and one redline card a change, each side linked;
  // its other citations (if any) as cards.
  function message(m) {
    const who = { user: T.you, bot: T.bot }[m.role] || "";
    const el = h("div", { class: "msg " + m.role }, h("span", { class: "sr" }, who));
    const changes = m.changes || [];
    el.text = h("span", {}, changes.length ? m.brief : m.text); // where streamed tokens go
    el.append(el.text, ...changes.map(changeCard), ...others(m.citations || [], changes)
      .map(card));
    return el;
  }

  const refOf = (c) => c.symbol + " " + c.paragraph;
  // The citations no change card shows.
  const others = (citations, changes) => {
    const shown = new Set(changes.flatMap((ch) => [ch.before, ch.after]).filter(Boolean)
      .map(refOf));
    return citations.filter((c) => !shown.has(refOf(c)));
  };

  // An unchanged run longer than this many words shows its first and last KEEP words.
  const FOLD = 16;
  const KEEP = 6;

  function changeCard(ch) {
    const sides = [ch.before, ch.after].filter(Boolean);
    const heading = h("h3", {});
    sides.forEach((s, i) => {
      if (i) heading.append(" → ");
      const link = pageHref(s);
      heading.append(link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer",
        lang: s.lang }, s.label) : h("span", { lang: s.lang }, s.label));
    });
    const lang = (ch.after || ch.before).lang;
    const text = h("p", { class: "redline", lang });
    ch.redline.forEach((piece, i) => {
      if (piece.op === "equal") {
        const words = piece.text.trim().split(/\s+/);
        if (words.length <= FOLD) return text.append(piece.text);
        const lead = /^\s/.test(piece.text) ? " " : "";
        const trail = /\s$/.test(piece.text) ? " " : "";
        const head = i > 0 ? lead + words.slice(0, KEEP).join(" ") + " " : "";
        const tail = i < ch.redline.length - 1 ? " " + words.slice(-KEEP).join(" ") + trail : "";
        return text.append(head, h("span", { title: T.folded }, "…"), tail);
      }
      const [tag, said] = piece.op === "insert" ? ["ins", T.inserted] : ["del", T.deleted];
      // The marks are announced in words: a screen reader does not say <ins> or <del>.
      text.append(h(tag, {}, h("span", { class: "sr" }, said + " "), piece.text,
        h("span", { class: "sr" }, " " + T.end)));
    });
    return h("article", { class: "change", "aria-label": sides.map((s) => s.label)
      .join(" → "), "data-ref": sides.map(refOf).join(" → ") },
    heading, h("p", { class: "note" }, ch.said), text);
  }

  function card(c) {
    const full = h("div", { class: "full", hidden: "" });
    const more = h("button", { type: "button", "aria-expanded": "false" }, T.more);
    more.addEventListener("click", () => expand(c, more, full));
    const link = pageHref(c);
    const ref = c.symbol + " " + c.paragraph;
    return h("article", { class: "card", "aria-label": c.label, "data-ref": ref },
      h("h3", { lang: c.lang }, c.label),
      // A Chinese label ("第66/45号决议…") lacks the symbol people search for: add it.
      c.label.includes(c.symbol) ? "" : h("p", { class: "note" }, ref),
      h("blockquote", { lang: c.lang }, c.quote),
      more,
      link ? h("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, T.link) : "",
      full);
  }

  // The full paragraph in every language the service holds, fetched on first expansion.
  async function expand(c, button, full) {
    const opening = full.hidden;
    full.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    button.textContent = opening ? T.less : T.more;
    if (!opening || full.dataset.loaded) return;
    full.replaceChildren(T.loading);
    try {
      const res = await net(fetch(href(c.url), { headers: AUTH }));
      if (!res.ok) throw new Error(await problem(res));
      const p = await res.json();
      const parts = Object.keys(p.text).map((l) =>
        h("p", { lang: l }, h("b", {}, NAMES[l] || l), p.text[l]));
      for (const f of p.footnotes || []) {
        for (const l of Object.keys(f.text)) {
          parts.push(h("p", { lang: l, class: "note" }, f.mark + " " + f.text[l]));
        }
      }
      full.replaceChildren(...parts);
      full.dataset.loaded = "1";
    } catch (e) {
      full.replaceChildren(say(e));
    }
  }

  // The message of an error answer: the API's {"error": {"message"}}, else the status.
  async function problem(res) {
    try {
      return (await res.json()).error.message;
    } catch (e) {
      return "HTTP " + res.status;
    }
  }

  const post = (text) =>
    net(fetch(API + "v1/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...AUTH },
      body: JSON.stringify(state.cid ? { message: text, conversation_id: state.cid }
        : { message: text }),
    }));

  // Server-sent events over fetch (EventSource cannot POST): blocks end at a blank line.
  async function events(res, on) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await net(reader.read());
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = blocks.pop();
      for (const block of blocks) {
        let name = "message";
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) on(name, JSON.parse(data.join("\n")));
      }
    }
  }

  function show(m, keep) {
    const el = message(m);
    log.append(el);
    log.scrollTop = log.scrollHeight;
    if (keep) {
      state.messages.push(m);
      save();
    }
    return el;
  }

  async function ask(text) {
    text = String(text || "").trim();
    if (!root || !text || busy) return;
    if (panel.hidden) open();
    input.value = "";
    show({ role: "user", text }, true);
    busy = true;
    typing.hidden = false;
    log.setAttribute("aria-busy", "true"); // screen readers read the answer once, when whole
    try {
      let res = await post(text);
      if (res.status === 404 && state.cid) {
        state.cid = null; // the service forgot this conversation: start a new one quietly
        res = await post(text);
      }
      if (!res.ok) throw new Error(await problem(res));
      const m = { role: "bot", text: "", citations: [] };
      let answer = null;
      let finished = false;
      await events(res, (name, data) => {
        if (!answer) {
          typing.hidden = true;
          answer = show(m, false);
        }
        if (name === "changes") { // first, for a change answer: its brief, not the tokens
          m.brief = data.brief;
          m.changes = data.changes;
          answer.text.replaceChildren(data.brief);
          answer.append(...data.changes.map(changeCard));
        } else if (name === "token") {
          m.text += data.text; // kept whole: the change cards are how it is shown
          if (!m.changes) answer.text.append(data.text);
        } else if (name === "citations") {
          m.citations = data;
          answer.append(...others(data, m.changes || []).map(card));
        } else if (name === "done") {
          state.cid = data.conversation_id;
          finished = true;
        }
        log.scrollTop = log.scrollHeight;
      });
      if (!finished) throw DOWN; // the connection dropped mid-answer
      state.messages.push(m);
      save();
    } catch (e) {
      show({ role: "error", text: say(e) }, false);
    } finally {
      busy = false;
      typing.hidden = true;
      log.setAttribute("aria-busy", "false");
    }
  }

  window.Resolute = { open, close, ask, reset };
  document.addEventListener("click", (e) => {
    const el = e.target.closest && e.target.closest("[data-resolute-ask]");
    if (el) {
      e.preventDefault();
      ask(el.getAttribute("data-resolute-ask") || el.textContent);
    }
  });
  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
