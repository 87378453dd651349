// view.js — the open chat: its header and its message list, redrawn from
// each ChatView while keeping unchanged messages' elements, so that an
// edited card flashes in place and the scroll position holds.
import { renderMessage, signature } from './message.js';
import { chatKind, chatTitle } from './people.js';
import { $, bi, dayLabel, el, initial, reconcile } from './util.js';

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
    this.empty = el('div', { class: 'empty' }, bi('还没有消息。发送 /start 开始。', 'No messages yet. Send /start to begin.'));
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
    if (out.length === 0) out.push(this.empty);
    reconcile(box, out);
    if (toBottom || nearBottom) box.scrollTop = box.scrollHeight;
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

// drawHeader shows the chat's title, and what the bot is doing.
export function drawHeader(chatID, info, botName, action) {
  const title = chatTitle(chatID, info, botName);
  $('chat-title').textContent = title;
  $('chat-avatar').textContent = initial(title);
  $('chat-avatar').className = info && info.type !== 'private' ? 'avatar group' : 'avatar';
  const sub = $('chat-sub');
  sub.textContent = action ? (actions[action] || `${action}…`) : chatKind(info);
  sub.classList.toggle('typing', !!action);
}
