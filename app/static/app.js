/* Trợ lý NQ57 web chat: streams answers from /chat/stream, renders citations, records and source documents. */
"use strict";

(function (root) {
  const MAX_CHARS = 2000;
  const RENDER_INTERVAL_MS = 40;
  const COLLAPSED_ROWS = 15;
  const STREAM_URL = "/chat/stream";
  const CHAT_URL = "/chat";
  const DOCUMENT_URL = "/documents/";

  const TEXT = {
    you: "Bạn",
    assistant: "Trợ lý",
    answering: "Đang trả lời…",
    sources: "Nguồn",
    stopped: "Đã dừng trả lời theo yêu cầu.",
    interrupted: "Câu trả lời bị gián đoạn, có thể chưa đầy đủ.",
    networkError: "Không kết nối được tới máy chủ. Vui lòng kiểm tra mạng rồi thử lại.",
    closedEarly: "Máy chủ đã đóng kết nối trước khi trả lời xong. Vui lòng thử lại.",
    badResponse: "Máy chủ trả về dữ liệu không đọc được. Vui lòng thử lại sau.",
    emptyAnswer: "Máy chủ không trả về nội dung trả lời. Vui lòng diễn đạt lại câu hỏi.",
    retry: "Thử lại",
    tooLong: (n) => `Câu hỏi dài ${n} ký tự, vượt giới hạn ${MAX_CHARS} ký tự. Vui lòng rút gọn câu hỏi.`,
    httpError: (status) => `Máy chủ trả về lỗi ${status}. Vui lòng thử lại sau.`,
    loadingDoc: "Đang tải văn bản…",
    docError: "Không tải được văn bản nguồn. Vui lòng thử lại.",
    quoteNotFound: "Không tìm thấy đúng đoạn trích dẫn trong văn bản; đang hiển thị toàn văn.",
    showAll: (n) => `Hiện tất cả ${n} dòng`,
    showLess: "Thu gọn",
  };

  // ---------------------------------------------------------------- pure helpers

  function escapeHtml(value) {
    return String(value)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /** Formats an ISO date (yyyy-mm-dd…) the Vietnamese way; anything else is shown as given. */
  function formatDate(value) {
    if (!value) return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : String(value);
  }

  /**
   * Incremental Server-Sent Events parser (WHATWG rules: \r\n, \r or \n line ends, multi-line data,
   * comments). EventSource cannot POST, so the stream is read from fetch and fed here chunk by chunk.
   */
  function createSseParser(onEvent) {
    let buffer = "";
    let eventName = "";
    let dataLines = [];

    function dispatch() {
      if (dataLines.length === 0 && !eventName) return;
      const event = eventName || "message";
      const data = dataLines.join("\n");
      eventName = "";
      dataLines = [];
      onEvent(event, data);
    }

    function processLine(line) {
      if (line === "") {
        dispatch();
        return;
      }
      if (line.startsWith(":")) return;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") eventName = value;
      else if (field === "data") dataLines.push(value);
    }

    function drain(final) {
      const lineEnd = /\r\n|\r|\n/g;
      let pos = 0;
      for (;;) {
        lineEnd.lastIndex = pos;
        const match = lineEnd.exec(buffer);
        if (!match) break;
        // A lone \r at the end of a chunk may be the first half of \r\n.
        if (match[0] === "\r" && match.index === buffer.length - 1 && !final) break;
        processLine(buffer.slice(pos, match.index));
        pos = match.index + match[0].length;
      }
      buffer = buffer.slice(pos);
    }

    return {
      push(chunk) {
        buffer += chunk;
        drain(false);
      },
      finish() {
        drain(true);
        if (buffer) processLine(buffer);
        buffer = "";
        // Lenient: a last event without the closing blank line is still delivered.
        dispatch();
      },
    };
  }

  /**
   * Renders the answer's light Markdown (lines, "- " bullets, "1." lists, **bold**, [n] markers) to HTML.
   * The text is escaped first, so nothing from the server is ever interpreted as markup.
   * `citationLink(n)` returns attributes for a known citation, or null to leave the marker as text.
   */
  function renderMarkdown(text, citationLink) {
    const lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
    const out = [];
    let paragraph = [];
    let list = null; // {tag, items: []}

    function inline(raw) {
      let html = escapeHtml(raw);
      html = html.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>");
      // An unpaired ** is a bold still arriving in the stream; never show the raw marker.
      html = html.replace(/\*\*/g, "");
      html = html.replace(/\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]/g, (whole, inner) => {
        const numbers = inner.split(/\s*[,;]\s*/).map(Number);
        return numbers.map((n) => citationMarker(n, citationLink)).join("");
      });
      return html;
    }
    function flushParagraph() {
      if (paragraph.length) out.push(`<p>${paragraph.map(inline).join("<br>")}</p>`);
      paragraph = [];
    }
    function flushList() {
      if (!list) return;
      const startAttr = list.tag === "ol" && list.start !== 1 ? ` start="${list.start}"` : "";
      const items = list.items
        .map((it) => `<li${it.indent ? ' class="indent"' : ""}>${inline(it.text)}</li>`)
        .join("");
      out.push(`<${list.tag}${startAttr}>${items}</${list.tag}>`);
      list = null;
    }

    for (const line of lines) {
      const bullet = /^(\s*)[-*•]\s+(.*)$/.exec(line);
      const ordered = /^(\s*)(\d{1,3})[.)]\s+(.*)$/.exec(line);
      const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
      if (!line.trim()) {
        flushParagraph();
        flushList();
      } else if (heading) {
        flushParagraph();
        flushList();
        out.push(`<p class="md-heading"><strong>${inline(heading[1])}</strong></p>`);
      } else if (bullet || ordered) {
        flushParagraph();
        const tag = bullet ? "ul" : "ol";
        if (list && list.tag !== tag) flushList();
        if (!list) list = { tag, items: [], start: ordered ? Number(ordered[2]) : 1 };
        const indent = (bullet ? bullet[1] : ordered[1]).length >= 2;
        list.items.push({ text: bullet ? bullet[2] : ordered[3], indent });
      } else if (list && /^\s{2,}\S/.test(line)) {
        // Continuation line of a list item.
        list.items[list.items.length - 1].text += "\n" + line.trim();
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
    return out.join("");
  }

  function citationMarker(n, citationLink) {
    const link = citationLink ? citationLink(n) : null;
    if (!link) return `<span class="citation-marker">[${n}]</span>`;
    return (
      `<a class="citation-link citation-inline" href="${escapeHtml(link.href)}"` +
      ` data-msg="${escapeHtml(link.msg)}" data-n="${n}"` +
      ` title="${escapeHtml(link.title)}" aria-label="Nguồn ${n}: ${escapeHtml(link.title)}">[${n}]</a>`
    );
  }

  /**
   * Server offsets are Python string indices (code points); JavaScript strings index UTF-16 units.
   * Returns a converter, which is the identity for texts without astral characters (the usual case).
   */
  function codePointIndexer(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const units = [];
    let unit = 0;
    for (const ch of text) {
      units.push(unit);
      unit += ch.length;
    }
    units.push(unit);
    return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
  }

  /** Non-whitespace characters of text[from, to), lower-cased, each mapped back to its index. */
  function foldForSearch(text, from, to) {
    let folded = "";
    const map = [];
    for (let i = from; i < to; i++) {
      const ch = text[i];
      if (/\s/.test(ch)) continue;
      const lower = ch.toLowerCase();
      for (let k = 0; k < lower.length; k++) {
        folded += lower[k];
        map.push(i);
      }
    }
    return { folded, map };
  }

  function foldQuery(value) {
    return String(value).replace(/\s+/g, "").toLowerCase();
  }

  /** Finds the quote in text[from, to) ignoring whitespace and case; "…" in the quote means "omitted". */
  function searchQuote(text, quote, from, to) {
    const fragments = String(quote)
      .normalize("NFC")
      .split(/…|\.{3,}/)
      .map(foldQuery)
      .filter((f) => f.length > 0);
    if (!fragments.length) return null;
    const { folded, map } = foldForSearch(text, from, to);
    const locate = (parts) => {
      const first = folded.indexOf(parts[0]);
      if (first === -1) return null;
      let end = first + parts[0].length;
      for (const part of parts.slice(1)) {
        const at = folded.indexOf(part, end);
        if (at === -1) return null;
        end = at + part.length;
      }
      return { start: map[first], end: map[end - 1] + 1 };
    };
    const whole = locate(fragments);
    if (whole || fragments.length === 1) return whole;
    const longest = fragments.reduce((a, b) => (b.length > a.length ? b : a));
    return longest.length >= 12 ? locate([longest]) : null;
  }

  /**
   * Where to highlight a citation in the document text (UTF-16 indices), or null.
   * start/end (code points) win when valid; the quote is then looked for inside that span so a
   * chunk-sized span still highlights just the quoted words. Without offsets the quote is searched.
   */
  function findQuoteRange(text, quote, start, end) {
    const toUnit = codePointIndexer(text);
    const hasSpan = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start;
    if (hasSpan) {
      const s = toUnit(start);
      const e = Math.min(toUnit(end), text.length);
      if (s < e) {
        const inner = quote ? searchQuote(text, quote, s, e) : null;
        return inner || { start: s, end: e };
      }
    }
    return quote ? searchQuote(text, quote, 0, text.length) : null;
  }

  /** Splits the document into headed segments: [{heading: {path, depth} | null, start, end}]. */
  function segmentDocument(text, sections) {
    const toUnit = codePointIndexer(text);
    const starts = (sections || [])
      .filter((s) => s && Array.isArray(s.path) && s.path.length && Number.isInteger(s.start))
      .map((s) => ({ path: s.path.map(String), start: Math.min(toUnit(s.start), text.length) }))
      .sort((a, b) => a.start - b.start || a.path.length - b.path.length);
    const segments = [];
    let cursor = 0;
    let pending = [];
    const seen = new Set();
    const emit = (until) => {
      if (until > cursor || pending.length) {
        segments.push({ headings: pending, start: cursor, end: Math.max(cursor, until) });
      }
      pending = [];
      cursor = Math.max(cursor, until);
    };
    for (const s of starts) {
      const id = s.path.join("\u241F") + "@" + s.start;
      if (seen.has(id)) continue;
      seen.add(id);
      if (s.start > cursor) emit(s.start);
      pending.push({ path: s.path, depth: s.path.length });
    }
    emit(text.length);
    return segments;
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(doc, tag, attrs, children) {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of [].concat(children || [])) {
      if (child === null || child === undefined || child === "") continue;
      node.append(typeof child === "string" ? doc.createTextNode(child) : child);
    }
    return node;
  }

  function agencyNames(value) {
    if (!value) return [];
    return [].concat(value).map((a) => (a && typeof a === "object" ? a.name || a.id || "" : String(a))).filter(Boolean);
  }

  function displayValue(value) {
    if (value === null || value === undefined || value === "") return "—";
    return String(value);
  }

  // ---------------------------------------------------------------- the app

  class ChatApp {
    constructor(doc, win) {
      this.doc = doc;
      this.win = win;
      this.conversationId = null;
      this.streaming = false;
      this.controller = null;
      this.messageCount = 0;
      this.citationsByMessage = new Map();
      this.documentCache = new Map();
      this.docRequest = 0;
      this.currentHighlight = null;
      this.docTrigger = null;
      this.narrow = win.matchMedia("(max-width: 959px)");

      const $ = (id) => doc.getElementById(id);
      this.input = $("message-input");
      this.sendButton = $("send-button");
      this.stopButton = $("stop-button");
      this.form = $("composer");
      this.messages = $("messages");
      this.scroller = $("messages-scroll");
      this.welcome = $("welcome");
      this.counter = $("char-counter");
      this.status = $("stream-status");
      this.newChat = $("new-chat");
      this.panel = $("doc-panel");
      this.backdrop = $("doc-backdrop");
      this.docTitle = $("doc-title");
      this.docMeta = $("doc-meta");
      this.docBody = $("doc-body");
      this.docCitation = $("doc-citation");
      this.docLocation = $("doc-location");
      this.docJump = $("doc-jump");
      this.docClose = $("doc-panel-close");
    }

    start() {
      this.form.addEventListener("submit", (e) => {
        e.preventDefault();
        this.sendFromInput();
      });
      this.input.addEventListener("keydown", (e) => {
        // Vietnamese IMEs (Telex/VNI) compose with Enter too; never send mid-composition.
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
          e.preventDefault();
          this.sendFromInput();
        }
      });
      this.input.addEventListener("input", () => this.updateCounter());
      this.stopButton.addEventListener("click", () => this.stop());
      this.newChat.addEventListener("click", () => this.reset());
      this.doc.getElementById("suggestions").addEventListener("click", (e) => {
        const chip = e.target.closest(".suggestion");
        if (chip) this.send(chip.dataset.question || chip.textContent.trim());
      });
      this.messages.addEventListener("click", (e) => this.onMessagesClick(e));
      this.docClose.addEventListener("click", () => this.closePanel());
      this.backdrop.addEventListener("click", () => this.closePanel());
      this.docJump.addEventListener("click", () => this.scrollToHighlight());
      this.doc.addEventListener("keydown", (e) => this.onDocumentKeydown(e));
      this.narrow.addEventListener("change", () => this.syncPanelMode());
      this.updateCounter();
    }

    // ------------------------------------------------------------ composer

    updateCounter() {
      const length = this.input.value.length;
      this.counter.textContent = `${length}/${MAX_CHARS}`;
      this.counter.classList.toggle("near-limit", length >= MAX_CHARS * 0.9);
      this.counter.classList.toggle("at-limit", length >= MAX_CHARS);
      this.input.style.height = "auto";
      this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 220)}px`;
    }

    sendFromInput() {
      const text = this.input.value;
      if (!text.trim()) {
        this.input.focus();
        return;
      }
      if (text.length > MAX_CHARS) {
        this.setStatus(TEXT.tooLong(text.length));
        return;
      }
      this.input.value = "";
      this.updateCounter();
      this.send(text);
    }

    setStreaming(on) {
      this.streaming = on;
      this.input.disabled = on;
      this.sendButton.disabled = on;
      this.stopButton.hidden = !on;
      this.messages.setAttribute("aria-busy", on ? "true" : "false");
      this.doc.body.classList.toggle("is-streaming", on);
      this.setStatus(on ? TEXT.answering : "");
      if (!on) {
        const active = this.doc.activeElement;
        if (!active || active === this.doc.body || active === this.stopButton) this.input.focus();
      }
    }

    setStatus(text) {
      this.status.textContent = text;
    }

    stop() {
      if (this.controller) this.controller.abort();
    }

    reset() {
      this.stop();
      this.conversationId = null;
      this.citationsByMessage.clear();
      this.messages.replaceChildren();
      this.welcome.hidden = false;
      this.closePanel(false);
      this.setStatus("");
      this.input.focus();
    }

    // ------------------------------------------------------------ messages

    nearBottom() {
      const s = this.scroller;
      return s.scrollHeight - s.scrollTop - s.clientHeight < 120;
    }

    scrollToBottom() {
      this.scroller.scrollTop = this.scroller.scrollHeight;
    }

    addUserMessage(text) {
      const li = el(this.doc, "li", { className: "message user" }, [
        el(this.doc, "span", { className: "visually-hidden", text: `${TEXT.you}:` }),
        el(this.doc, "div", { className: "bubble", text }),
      ]);
      this.messages.append(li);
      return li;
    }

    addAssistantMessage() {
      const id = `m${++this.messageCount}`;
      const answer = el(this.doc, "div", { className: "answer" });
      const typing = el(this.doc, "div", { className: "typing-indicator" }, [
        el(this.doc, "span", { className: "dots", "aria-hidden": "true" }, [
          el(this.doc, "span"), el(this.doc, "span"), el(this.doc, "span"),
        ]),
        TEXT.answering,
      ]);
      const bubble = el(this.doc, "div", { className: "bubble" }, [answer, typing]);
      const li = el(this.doc, "li", { className: "message assistant pending", id: `msg-${id}`, "data-msg": id }, [
        el(this.doc, "span", { className: "visually-hidden", text: `${TEXT.assistant}:` }),
        bubble,
      ]);
      this.messages.append(li);
      return { id, li, bubble, answer, typing, text: "", finished: false, renderTimer: null };
    }

    addErrorMessage(message, code, retryText) {
      const body = [el(this.doc, "p", { className: "error-text", text: message })];
      if (retryText) {
        const retry = el(this.doc, "button", { type: "button", className: "button button-link retry", text: TEXT.retry });
        retry.addEventListener("click", () => this.send(retryText));
        body.push(retry);
      }
      const li = el(this.doc, "li", { className: "message error", "data-code": code || null }, [
        el(this.doc, "span", { className: "visually-hidden", text: "Lỗi:" }),
        el(this.doc, "div", { className: "bubble" }, body),
      ]);
      this.messages.append(li);
      this.scrollToBottom();
    }

    scheduleRender(turn) {
      if (turn.renderTimer !== null) return;
      turn.renderTimer = this.win.setTimeout(() => {
        turn.renderTimer = null;
        if (!turn.finished) this.renderAnswer(turn, null);
      }, RENDER_INTERVAL_MS);
    }

    renderAnswer(turn, citations) {
      const stick = this.nearBottom();
      const byNumber = new Map((citations || []).map((c) => [Number(c.n), c]));
      const link = citations
        ? (n) => {
            const c = byNumber.get(n);
            if (!c) return null;
            return { href: `#src-${turn.id}-${n}`, msg: turn.id, title: citationTitle(c) };
          }
        : null;
      turn.answer.innerHTML = renderMarkdown(turn.text, link);
      if (stick) this.scrollToBottom();
    }

    async send(text) {
      if (this.streaming) return;
      if (text.length > MAX_CHARS) {
        this.setStatus(TEXT.tooLong(text.length));
        return;
      }
      this.welcome.hidden = true;
      this.addUserMessage(text);
      const turn = this.addAssistantMessage();
      this.scrollToBottom();
      const controller = new AbortController();
      this.controller = controller;
      this.setStreaming(true);
      const body = JSON.stringify({ message: text, conversation_id: this.conversationId });
      try {
        const response = await this.win.fetch(STREAM_URL, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body,
          signal: controller.signal,
        });
        const type = response.headers.get("content-type") || "";
        if (response.status === 404 || response.status === 405) {
          // A server without the streaming route answers 404/405 without our error envelope.
          const error = await errorFromResponse(response);
          if (error.fromApi) this.failTurn(turn, error, text);
          else await this.sendWithoutStream(turn, body, controller.signal, text);
        } else if (!response.ok) {
          this.failTurn(turn, await errorFromResponse(response), text);
        } else if (type.includes("text/event-stream")) {
          await this.consumeStream(turn, response, text);
        } else {
          this.finishTurn(turn, await response.json());
        }
      } catch (err) {
        if (controller.signal.aborted) this.stopTurn(turn);
        else this.failTurn(turn, { code: "network", message: TEXT.networkError }, text);
      } finally {
        if (this.controller === controller) this.controller = null;
        if (!turn.finished) this.failTurn(turn, { code: "stream_closed", message: TEXT.closedEarly }, text);
        this.setStreaming(false);
      }
    }

    async sendWithoutStream(turn, body, signal, text) {
      const response = await this.win.fetch(CHAT_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body,
        signal,
      });
      if (!response.ok) this.failTurn(turn, await errorFromResponse(response), text);
      else this.finishTurn(turn, await response.json());
    }

    async consumeStream(turn, response, text) {
      const parser = createSseParser((event, data) => this.onStreamEvent(turn, event, data, text));
      if (!response.body || !response.body.getReader) {
        parser.push(await response.text());
        parser.finish();
      } else {
        const reader = response.body.getReader();
        const decoder = new TextDecoder("utf-8");
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
        parser.push(decoder.decode());
        parser.finish();
      }
      if (!turn.finished) {
        if (turn.text.trim()) this.finishTurn(turn, null, TEXT.interrupted);
        else this.failTurn(turn, { code: "stream_closed", message: TEXT.closedEarly }, text);
      }
    }

    onStreamEvent(turn, event, data, text) {
      if (turn.finished) return;
      let payload;
      try {
        payload = data ? JSON.parse(data) : {};
      } catch (err) {
        if (event === "done") this.failTurn(turn, { code: "bad_response", message: TEXT.badResponse }, text);
        return;
      }
      if (event === "start") {
        if (payload.conversation_id) this.conversationId = payload.conversation_id;
      } else if (event === "delta") {
        if (typeof payload.text === "string") {
          turn.text += payload.text;
          this.scheduleRender(turn);
        }
      } else if (event === "done") {
        this.finishTurn(turn, payload);
      } else if (event === "error") {
        this.failTurn(turn, payload, text);
      }
    }

    clearPending(turn) {
      turn.finished = true;
      if (turn.renderTimer !== null) this.win.clearTimeout(turn.renderTimer);
      turn.renderTimer = null;
      turn.typing.remove();
      turn.li.classList.remove("pending");
    }

    finishTurn(turn, response, notice) {
      const stick = this.nearBottom();
      this.clearPending(turn);
      const citations = (response && Array.isArray(response.citations) ? response.citations : []).filter(
        (c) => c && c.document,
      );
      if (response) {
        if (response.conversation_id) this.conversationId = response.conversation_id;
        if (typeof response.answer === "string" && response.answer) turn.text = response.answer;
        if (response.intent) turn.li.dataset.intent = response.intent;
      }
      this.citationsByMessage.set(turn.id, new Map(citations.map((c) => [Number(c.n), c])));
      this.renderAnswer(turn, citations);
      const records = response && Array.isArray(response.records) ? response.records : [];
      const recordsNode = this.renderRecords(records);
      if (recordsNode) turn.bubble.append(recordsNode);
      if (citations.length) turn.bubble.append(this.renderSources(turn.id, citations));
      if (!turn.text.trim() && !recordsNode) notice = notice || TEXT.emptyAnswer;
      if (notice) turn.bubble.append(el(this.doc, "p", { className: "notice", text: notice }));
      if (stick) this.revealAnswer(turn);
    }

    /** After the tables and sources arrive, keep the start of a long answer in view rather than its end. */
    revealAnswer(turn) {
      const s = this.scroller;
      const top = turn.li.getBoundingClientRect().top - s.getBoundingClientRect().top + s.scrollTop - 16;
      const bottom = s.scrollHeight - s.clientHeight;
      s.scrollTop = Math.min(bottom, Math.max(s.scrollTop, top));
    }

    failTurn(turn, error, retryText) {
      if (turn.finished) return;
      this.clearPending(turn);
      if (turn.text.trim()) {
        this.renderAnswer(turn, []);
        turn.li.classList.add("incomplete");
      } else {
        turn.li.remove();
      }
      // A conversation the server no longer knows cannot be continued: the next question starts afresh.
      if (error && /conversation/i.test(String(error.code || ""))) this.conversationId = null;
      const message = (error && error.message) || TEXT.badResponse;
      this.addErrorMessage(message, error && error.code, retryText);
    }

    stopTurn(turn) {
      if (turn.finished) return;
      this.clearPending(turn);
      this.renderAnswer(turn, []);
      turn.li.classList.add("incomplete");
      turn.bubble.append(el(this.doc, "p", { className: "notice", text: TEXT.stopped }));
    }

    // ------------------------------------------------------------ sources and records

    renderSources(msgId, citations) {
      const d = this.doc;
      const items = citations
        .slice()
        .sort((a, b) => Number(a.n) - Number(b.n))
        .map((c) => {
          const docInfo = c.document || {};
          const meta = [docInfo.number ? `Số ${docInfo.number}` : "", docInfo.date ? `ngày ${formatDate(docInfo.date)}` : ""]
            .filter(Boolean)
            .join(", ");
          return el(d, "li", { id: `src-${msgId}-${c.n}`, className: "source", value: Number(c.n) || null }, [
            el(d, "span", { className: "source-n", "aria-hidden": "true", text: `[${c.n}]` }),
            el(d, "div", { className: "source-body" }, [
              el(d, "a", {
                className: "citation-link source-title",
                href: `#src-${msgId}-${c.n}`,
                "data-msg": msgId,
                "data-n": c.n,
                text: docInfo.title || docInfo.id || "Văn bản",
              }),
              meta ? el(d, "span", { className: "source-meta", text: ` — ${meta}` }) : null,
              c.location ? el(d, "div", { className: "source-location", text: c.location }) : null,
              c.quote ? el(d, "blockquote", { className: "source-quote" }, [el(d, "em", { text: `“${c.quote}”` })]) : null,
            ]),
          ]);
        });
      const headingId = `sources-${msgId}`;
      return el(d, "section", { className: "sources", "aria-labelledby": headingId }, [
        el(d, "h3", { id: headingId, className: "sources-title", text: TEXT.sources }),
        el(d, "ol", { className: "source-list" }, items),
      ]);
    }

    renderRecords(records) {
      const groups = new Map();
      for (const r of records) {
        if (!r || !["task", "indicator", "figure"].includes(r.type)) continue;
        if (!groups.has(r.type)) groups.set(r.type, []);
        groups.get(r.type).push(r);
      }
      if (!groups.size) return null;
      const wrap = el(this.doc, "div", { className: "records" });
      for (const [type, rows] of groups) {
        if (type === "task") wrap.append(this.taskTable(rows));
        else if (type === "indicator") wrap.append(this.indicatorTable(rows));
        else wrap.append(this.figureTable(rows));
      }
      return wrap;
    }

    buildTable(caption, headers, rowNodes, className) {
      const d = this.doc;
      const table = el(d, "table", { className: `record-table ${className}` }, [
        el(d, "caption", { text: caption }),
        el(d, "thead", {}, [el(d, "tr", {}, headers.map((h) => el(d, "th", { scope: "col", text: h })))]),
        el(d, "tbody", {}, rowNodes),
      ]);
      const region = el(d, "div", { className: "table-wrap", tabindex: "0", role: "region", "aria-label": caption }, [table]);
      const dataRows = rowNodes.filter((r) => !r.classList.contains("group-row"));
      if (dataRows.length <= COLLAPSED_ROWS + 3) return region;
      // Long task lists (one agency can lead 100+ tasks) would bury the sources: show the first rows.
      const hidden = dataRows.slice(COLLAPSED_ROWS);
      const toggle = el(d, "button", { type: "button", className: "button button-link table-toggle", "aria-expanded": "false" });
      const setCollapsed = (collapsed) => {
        hidden.forEach((r) => (r.hidden = collapsed));
        rowNodes.forEach((r) => {
          if (r.classList.contains("group-row")) {
            let next = r.nextElementSibling;
            let anyVisible = false;
            while (next && !next.classList.contains("group-row")) {
              if (!next.hidden) anyVisible = true;
              next = next.nextElementSibling;
            }
            r.hidden = !anyVisible;
          }
        });
        toggle.textContent = collapsed ? TEXT.showAll(dataRows.length) : TEXT.showLess;
        toggle.setAttribute("aria-expanded", collapsed ? "false" : "true");
      };
      toggle.addEventListener("click", () => setCollapsed(toggle.getAttribute("aria-expanded") === "true"));
      const container = el(d, "div", { className: "table-block" }, [region, toggle]);
      setCollapsed(true);
      return container;
    }

    taskTable(tasks) {
      const d = this.doc;
      const rows = [];
      let group = null;
      for (const t of tasks) {
        if (t.group && t.group !== group) {
          group = t.group;
          const label = t.group_title ? `${t.group}. ${t.group_title}` : String(t.group);
          rows.push(el(d, "tr", { className: "group-row" }, [el(d, "th", { colspan: "6", scope: "colgroup", text: label })]));
        }
        rows.push(
          el(d, "tr", {}, [
            el(d, "td", { className: "num", text: displayValue(t.number) }),
            el(d, "td", { className: "task-title" }, [displayValue(t.title)]),
            el(d, "td", {}, [agencyList(d, t.lead_agencies)]),
            el(d, "td", {}, [agencyList(d, t.coordinating_agencies)]),
            el(d, "td", { text: displayValue(t.deliverable) }),
            el(d, "td", { className: "deadline" }, [deadlineNode(d, t.deadline)]),
          ]),
        );
      }
      const caption = `Danh sách nhiệm vụ (${tasks.length})`;
      return this.buildTable(caption, ["Số TT", "Tên nhiệm vụ", "Chủ trì", "Phối hợp", "Kết quả", "Thời hạn"], rows, "task-table");
    }

    indicatorTable(indicators) {
      const d = this.doc;
      const rows = indicators.map((r) =>
        el(d, "tr", {}, [
          el(d, "td", { className: "num", text: displayValue(r.number) }),
          el(d, "td", { text: displayValue(r.name) }),
          el(d, "td", { text: displayValue(r.unit) }),
          el(d, "td", { text: displayValue(r.target) }),
          el(d, "td", { text: displayValue(r.horizon) }),
          el(d, "td", { text: agencyNames(r.monitoring_agency).join("; ") || "—" }),
        ]),
      );
      return this.buildTable(`Chỉ tiêu (${indicators.length})`, ["TT", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Mốc thời gian", "Cơ quan theo dõi"], rows, "indicator-table");
    }

    figureTable(figures) {
      const d = this.doc;
      const rows = figures.map((r) =>
        el(d, "tr", {}, [
          el(d, "td", { text: displayValue(r.label) }),
          el(d, "td", { className: "figure-value" }, [el(d, "strong", { text: displayValue(r.value) }), r.unit ? ` ${r.unit}` : ""]),
          el(d, "td", { text: r.as_of ? formatDate(r.as_of) : "—" }),
          el(d, "td", { text: agencyNames(r.agency).join("; ") || "—" }),
          el(d, "td", { className: "figure-quote" }, [r.quote ? el(d, "em", { text: `“${r.quote}”` }) : "—"]),
        ]),
      );
      return this.buildTable(`Số liệu (${figures.length})`, ["Nội dung", "Giá trị", "Thời điểm", "Cơ quan", "Trích dẫn"], rows, "figure-table");
    }

    // ------------------------------------------------------------ document panel

    onMessagesClick(e) {
      const link = e.target.closest(".citation-link");
      if (!link) return;
      e.preventDefault();
      const citation = (this.citationsByMessage.get(link.dataset.msg) || new Map()).get(Number(link.dataset.n));
      if (citation) this.openCitation(citation, link);
    }

    onDocumentKeydown(e) {
      if (this.panel.hidden) return;
      if (e.key === "Escape") {
        e.preventDefault();
        this.closePanel();
      } else if (e.key === "Tab" && this.narrow.matches) {
        // Modal on narrow screens: keep focus inside the panel.
        const focusable = [...this.panel.querySelectorAll("button, [href], [tabindex]:not([tabindex='-1'])")].filter(
          (n) => !n.hidden && !n.closest("[hidden]"),
        );
        if (!focusable.length) return;
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (e.shiftKey && this.doc.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && this.doc.activeElement === last) {
          e.preventDefault();
          first.focus();
        } else if (!this.panel.contains(this.doc.activeElement)) {
          e.preventDefault();
          first.focus();
        }
      }
    }

    syncPanelMode() {
      const open = !this.panel.hidden;
      const modal = open && this.narrow.matches;
      this.backdrop.hidden = !modal;
      if (modal) this.panel.setAttribute("aria-modal", "true");
      else this.panel.removeAttribute("aria-modal");
      this.doc.body.classList.toggle("doc-open", open);
    }

    closePanel(restoreFocus = true) {
      if (this.panel.hidden) return;
      this.docRequest++;
      this.panel.hidden = true;
      this.syncPanelMode();
      const trigger = this.docTrigger;
      this.docTrigger = null;
      if (restoreFocus && trigger && trigger.isConnected) trigger.focus();
    }

    loadDocument(id) {
      if (!this.documentCache.has(id)) {
        const promise = this.win
          .fetch(DOCUMENT_URL + encodeURIComponent(id), { headers: { Accept: "application/json" } })
          .then(async (response) => {
            if (!response.ok) throw await errorFromResponse(response);
            return response.json();
          })
          .catch((err) => {
            this.documentCache.delete(id);
            throw err && err.message ? err : { code: "network", message: TEXT.networkError };
          });
        this.documentCache.set(id, promise);
      }
      return this.documentCache.get(id);
    }

    async openCitation(citation, trigger) {
      const d = this.doc;
      const info = citation.document;
      const token = ++this.docRequest;
      this.docTrigger = trigger;
      this.panel.hidden = false;
      this.syncPanelMode();
      this.docTitle.textContent = info.title || info.id;
      this.docMeta.textContent = documentMeta(info);
      this.docCitation.hidden = false;
      this.docLocation.textContent = citation.location ? `[${citation.n}] ${citation.location}` : `[${citation.n}]`;
      this.docJump.hidden = true;
      this.docBody.replaceChildren(el(d, "p", { className: "doc-loading", role: "status", text: TEXT.loadingDoc }));
      this.docTitle.focus();
      let documentData;
      try {
        documentData = await this.loadDocument(info.id);
      } catch (err) {
        if (token !== this.docRequest) return;
        const retry = el(d, "button", { type: "button", className: "button button-link", text: TEXT.retry });
        retry.addEventListener("click", () => this.openCitation(citation, trigger));
        this.docBody.replaceChildren(el(d, "div", { className: "doc-error", role: "alert" }, [el(d, "p", { text: err.message || TEXT.docError }), retry]));
        return;
      }
      if (token !== this.docRequest) return;
      this.docTitle.textContent = documentData.title || info.title || info.id;
      this.docMeta.textContent = documentMeta({ ...info, ...documentData });
      this.renderDocument(documentData, citation);
    }

    renderDocument(documentData, citation) {
      const d = this.doc;
      const text = String(documentData.text || "");
      const range = findQuoteRange(text, citation.quote, citation.start, citation.end);
      const fragment = d.createDocumentFragment();
      let firstMark = null;
      const appendText = (parent, from, to) => {
        if (to <= from) return;
        if (!range || range.end <= from || range.start >= to) {
          parent.append(text.slice(from, to));
          return;
        }
        const s = Math.max(from, range.start);
        const e = Math.min(to, range.end);
        if (s > from) parent.append(text.slice(from, s));
        const mark = el(d, "mark", { className: "quote-highlight", text: text.slice(s, e) });
        if (!firstMark) {
          firstMark = mark;
          mark.id = "quote-anchor";
        }
        parent.append(mark);
        if (to > e) parent.append(text.slice(e, to));
      };
      for (const segment of segmentDocument(text, documentData.sections)) {
        const section = el(d, "section", { className: "doc-section" });
        for (const h of segment.headings) {
          const level = Math.min(2 + h.depth, 6);
          const heading = el(d, `h${level}`, { className: `doc-heading depth-${Math.min(h.depth, 4)}` });
          if (h.path.length > 1) heading.append(el(d, "span", { className: "doc-heading-parent", text: `${h.path.slice(0, -1).join(" › ")} › ` }));
          heading.append(h.path[h.path.length - 1]);
          section.append(heading);
        }
        const body = el(d, "div", { className: "doc-text" });
        appendText(body, segment.start, segment.end);
        if (body.childNodes.length) section.append(body);
        fragment.append(section);
      }
      this.docBody.replaceChildren(fragment);
      this.currentHighlight = firstMark;
      if (firstMark) {
        this.docJump.hidden = false;
        this.scrollToHighlight();
      } else {
        this.docBody.scrollTop = 0;
        if (citation.quote) this.docBody.prepend(el(d, "p", { className: "doc-warning", role: "status", text: TEXT.quoteNotFound }));
      }
    }

    scrollToHighlight() {
      const mark = this.currentHighlight;
      if (!mark || !mark.isConnected) return;
      const body = this.docBody;
      const top = mark.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop;
      body.scrollTop = Math.max(0, top - body.clientHeight / 3);
    }
  }

  function citationTitle(c) {
    const info = c.document || {};
    return [info.title, info.number, c.location].filter(Boolean).join(" — ");
  }

  function documentMeta(info) {
    return [
      info.kind_label || info.kind || "",
      info.number ? `Số ${info.number}` : "",
      info.date ? `Ngày ${formatDate(info.date)}` : "",
      info.issuer || "",
    ]
      .filter(Boolean)
      .join(" · ");
  }

  function agencyList(d, agencies) {
    const names = agencyNames(agencies);
    if (!names.length) return "—";
    if (names.length === 1) return names[0];
    return el(d, "ul", { className: "cell-list" }, names.map((n) => el(d, "li", { text: n })));
  }

  function deadlineNode(d, deadline) {
    if (!deadline) return "—";
    if (typeof deadline === "string") return deadline;
    const raw = deadline.raw || "";
    if (!deadline.due_date) return raw || "—";
    const due = formatDate(deadline.due_date);
    const time = el(d, "time", { datetime: deadline.due_date, title: `Hạn cuối: ${due}` }, [raw || due]);
    if (!raw || raw === due) return time;
    return el(d, "span", {}, [time, el(d, "span", { className: "due-date", text: `hạn ${due}` })]);
  }

  /** Reads the API's {"error": {"code", "message"}} body; falls back to a generic Vietnamese message. */
  async function errorFromResponse(response) {
    try {
      const payload = await response.json();
      const error = payload && (payload.error || payload);
      if (error && typeof error.message === "string" && error.message) {
        return { code: error.code || String(response.status), message: error.message, fromApi: true };
      }
      if (payload && typeof payload.detail === "string") {
        return { code: String(response.status), message: payload.detail };
      }
    } catch (err) {
      // Not JSON (a proxy page, say): the status is all there is.
    }
    return { code: String(response.status), message: TEXT.httpError(response.status) };
  }

  const api = {
    escapeHtml,
    formatDate,
    createSseParser,
    renderMarkdown,
    findQuoteRange,
    segmentDocument,
    codePointIndexer,
    ChatApp,
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  } else if (root && root.document) {
    const app = new ChatApp(root.document, root);
    app.start();
  }
})(typeof window !== "undefined" ? window : globalThis);
