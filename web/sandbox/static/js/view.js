// view.js — the open chat: its header and its message list, redrawn from
// each ChatView while keeping unchanged messages' elements, so that an
// edited card flashes in place and the scroll position holds.
import { renderMessage, signature } from './message.js';
import { chatAvatar, chatKind, chatTitle } from './people.js';
import { $, bi, dayLabel, el, reconcile } from './util.js';

// What the bot is doing, for the header (sendChatAction).
const actions = {
  typing: '正在输入… / typing…',
  upload_document: '正在发送文件… / sending a file…',
  upload_photo: '正在发送图片… / sending a photo…',
};

// MessageList draws one chat's messages into #messages.
export class MessageList {
  constructor(ctx) {
    this.ctx = ctx;
    this.box = $('messages');
    this.nodes = new Map(); // message id → {sig, node}
    this.days = new Map(); // day label → separator
    this.empty = null; // the empty chat's hints, and what they were drawn from
  }

  // clear forgets the drawn messages, for another chat.
  clear() {
    this.nodes.clear();
    this.days.clear();
    this.box.replaceChildren();
  }

  // draw shows view's messages; toBottom scrolls to the newest.
  draw(view, toBottom) {
    const box = this.box;
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    this.ctx.byID = new Map(view.messages.map((b) => [b.message_id, b]));
    const out = [];
    const seen = new Set();
    let day = '';
    for (const b of view.messages) {
      if (b.deleted) continue;
      const label = dayLabel(b.date);
      if (label !== day) out.push(this.day((day = label)));
      out.push(this.node(b));
      seen.add(b.message_id);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    if (out.length === 0) out.push(this.emptyHint());
    reconcile(box, out);
    if (toBottom || nearBottom) box.scrollTop = box.scrollHeight;
  }

  // emptyHint is what an empty chat shows: the person's first steps in it,
  // each with a button for its command, or how to begin.
  emptyHint() {
    const steps = this.ctx.steps();
    const sig = JSON.stringify([steps, this.ctx.isGroup]);
    if (this.empty && this.empty.sig === sig) return this.empty.node;
    const node = el('div', { class: 'empty' }, el('div', { class: 'empty-title' }, bi('还没有消息。', 'No messages yet.')));
    for (const s of steps) node.append(step(s, this.ctx));
    if (steps.length === 0) {
      node.append(el('div', { class: 'step' }, this.ctx.isGroup
        ? bi('群里的消息和审核卡片会显示在这里。', 'The group\u2019s messages and review cards show here.')
        : bi('发送 /start 开始。', 'Send /start to begin.')));
    }
    this.empty = { sig, node };
    return node;
  }

  // day returns the separator of a calendar day.
  day(label) {
    if (!this.days.has(label)) this.days.set(label, el('div', { class: 'day', text: label }));
    return this.days.get(label);
  }

  // node returns b's element, drawn anew only when b changed.
  node(b) {
    const sig = signature(b, this.ctx);
    const old = this.nodes.get(b.message_id);
    if (old && old.sig === sig) return old.node;
    const node = renderMessage(b, this.ctx);
    if (old) {
      node.classList.add('flash'); // edited in place
      node.addEventListener('animationend', () => node.classList.remove('flash'), { once: true });
    }
    for (const img of node.querySelectorAll('img')) img.addEventListener('load', () => this.keepBottom(), { once: true });
    this.nodes.set(b.message_id, { sig, node });
    return node;
  }

  // keepBottom scrolls down after a picture loaded, if the list was there.
  keepBottom() {
    const box = this.box;
    if (box.scrollHeight - box.scrollTop - box.clientHeight < 400) box.scrollTop = box.scrollHeight;
  }

  // jumpTo scrolls to a message and flashes it.
  jumpTo(id) {
    const node = document.getElementById(`m${id}`);
    if (!node) return;
    node.scrollIntoView({ block: 'center', behavior: 'smooth' });
    node.classList.add('flash');
    node.addEventListener('animationend', () => node.classList.remove('flash'), { once: true });
  }
}

// step is one of the person's first steps: what to do, in both languages,
// and a button sending its command.
function step(s, ctx) {
  return el('div', { class: 'step' },
    el('div', { class: 'step-text', text: s.text }),
    s.english ? el('div', { class: 'step-text en', text: s.english }) : null,
    s.command ? el('button', {
      type: 'button', class: 'step-cmd', dataset: { command: s.command }, onclick: () => ctx.onCommand(s.command),
    }, `发送 ${s.command}`, el('span', { class: 'en', text: ' Send' })) : null);
}

// drawHeader shows the chat's title, and what the bot is doing.
export function drawHeader(chatID, info, botName, action) {
  const title = chatTitle(chatID, info, botName);
  $('chat-title').textContent = title;
  const badge = chatAvatar(chatID, info, title, botName);
  badge.id = 'chat-avatar';
  $('chat-avatar').replaceWith(badge);
  const sub = $('chat-sub');
  sub.textContent = action ? (actions[action] || `${action}…`) : chatKind(info);
  sub.classList.toggle('typing', !!action);
}
