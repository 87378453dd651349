// presses.js — inline buttons pressed from this page: the button spins
// until the bot answers the callback query, then its answer shows as
// Telegram shows it: an alert with show_alert, else a toast.
import { api } from './api.js';
import { alert, toast } from './notify.js';

export class Presses {
  // page gives chatID(), me(), botName() and refresh().
  constructor(page) {
    this.page = page;
    this.pending = new Map(); // callback query id → {chatID, messageID, data}
    this.busy = new Set(); // "chat:message:data" of presses waiting for the bot
  }

  // isBusy reports whether a button of the open chat waits for the bot.
  isBusy(messageID, data) {
    return this.busy.has(`${this.page.chatID()}:${messageID}:${data}`);
  }

  // press presses a callback button; the answer comes with a later view.
  async press(b, button, node) {
    const chatID = this.page.chatID();
    const key = `${chatID}:${b.message_id}:${button.callback_data}`;
    if (this.busy.has(key)) return;
    this.busy.add(key);
    node.classList.add('busy');
    try {
      const p = await api.press(chatID, { from: this.page.me(), message_id: b.message_id, data: button.callback_data });
      this.pending.set(p.callback_query_id, { chatID, messageID: b.message_id, data: button.callback_data });
      // Telegram stops waiting for an answer after a while.
      setTimeout(() => this.settle(p.callback_query_id, null), 15000);
      this.page.refresh();
    } catch (err) {
      this.busy.delete(key);
      node.classList.remove('busy');
      toast(err.message, { error: true });
    }
  }

  // settleFrom shows the answers to this page's presses found in a view.
  settleFrom(chatID, view) {
    for (const b of view.messages) {
      for (const p of b.presses || []) {
        const waiting = this.pending.get(p.callback_query_id);
        if (waiting && waiting.chatID === chatID && p.answered) this.settle(p.callback_query_id, p);
      }
    }
  }

  // settle ends a press, showing its answer if there is one.
  settle(queryID, answer) {
    const waiting = this.pending.get(queryID);
    if (!waiting) return;
    this.pending.delete(queryID);
    this.busy.delete(`${waiting.chatID}:${waiting.messageID}:${waiting.data}`);
    if (waiting.chatID === this.page.chatID()) {
      for (const n of document.querySelectorAll(`#m${waiting.messageID} .kb-btn.busy`)) {
        if (n.dataset.data === waiting.data) n.classList.remove('busy');
      }
    }
    if (!answer) return;
    if (answer.text && answer.show_alert) alert(this.page.botName(), answer.text);
    else if (answer.text) toast(answer.text);
    if (answer.url) toast(`机器人请求打开链接 / The bot asks to open: ${answer.url}`);
  }
}

// otherButton answers buttons the sandbox cannot act on.
export function otherButton(button) {
  if (button.copy_text && button.copy_text.text) {
    navigator.clipboard.writeText(button.copy_text.text).then(
      () => toast('已复制 / Copied'),
      () => toast(button.copy_text.text));
    return;
  }
  toast('沙盒不支持这种按钮 / The sandbox does not support this button');
}
