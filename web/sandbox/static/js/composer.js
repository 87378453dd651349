// composer.js — the input area: text, reply bar, file attachment, the
// bot's command menu and a reply keyboard. It hands finished messages to
// onSend({text} or {document|photo, caption}, with reply_to).
import { Suggestions } from './suggest.js';
import { $, el } from './util.js';

// defaultPlaceholder is the input's hint: on a phone's narrow input, the
// Chinese alone.
function defaultPlaceholder() {
  return matchMedia('(max-width: 720px)').matches ? '输入消息…' : '输入消息… / Write a message…';
}

export class Composer {
  // onSend(message) resolves true when the message went out; onNotice(text)
  // tells the person something.
  constructor({ onSend, onNotice }) {
    this.onSend = onSend;
    this.onNotice = onNotice;
    this.input = $('input');
    this.reply = null; // the bubble being replied to
    this.dismissedForce = 0; // a force-reply prompt the person closed
    this.file = null;
    this.suggest = new Suggestions($('suggest'), (cmd) => this.send({ text: cmd }));
    this.wire();
  }

  wire() {
    this.input.addEventListener('keydown', (ev) => {
      if (this.suggest.key(ev)) return;
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.suggest.filter(this.input.value);
    });
    $('send').addEventListener('click', () => this.submit());
    $('menu-btn').addEventListener('click', () => {
      this.suggest.toggle();
      this.input.focus();
    });
    $('reply-cancel').addEventListener('click', () => {
      if (this.reply && this.reply.forced) this.dismissedForce = this.reply.message_id;
      this.setReply(null);
    });
    $('attach-btn').addEventListener('click', () => $('file').click());
    $('file').addEventListener('change', () => this.attach($('file').files[0] || null));
    $('attach-cancel').addEventListener('click', () => this.attach(null));
  }

  // reset empties everything, for another chat or person.
  reset() {
    this.input.value = '';
    this.autosize();
    this.dismissedForce = 0;
    this.setReply(null);
    this.attach(null);
    this.suggest.hide();
    this.showKeyboard(null);
  }

  // setCommands gives the bot's command menu for this chat and person.
  setCommands(commands) {
    this.suggest.setCommands(commands);
    $('menu-btn').hidden = commands.length === 0;
  }

  // setReply shows the reply bar for bubble b (null hides it).
  setReply(b, name = '', forced = false) {
    this.reply = b ? { message_id: b.message_id, forced } : null;
    $('reply-bar').hidden = !b;
    if (b) {
      $('reply-name').textContent = name;
      $('reply-snippet').textContent = b.text || (b.document && b.document.file_name) || '';
      this.input.focus();
    }
  }

  // setView follows the chat: a force-reply prompt opens the reply bar, a
  // reply keyboard shows under the input, and either may set the
  // placeholder.
  setView(view, nameOf) {
    const prompt = view.force_reply ? view.messages.find((m) => m.message_id === view.force_reply) : null;
    if (this.reply && this.reply.forced && (!prompt || prompt.message_id !== this.reply.message_id)) this.setReply(null);
    if (prompt && !this.reply && prompt.message_id !== this.dismissedForce) this.setReply(prompt, nameOf(prompt), true);
    this.showKeyboard(view.keyboard || null);
    const markup = (prompt && prompt.reply_markup) || view.keyboard;
    this.input.placeholder = (markup && markup.input_field_placeholder) || defaultPlaceholder();
  }

  // showKeyboard draws a reply keyboard; pressing a key sends its text.
  // An unchanged keyboard is left alone, so no click falls between two
  // drawings of it.
  showKeyboard(kb) {
    const key = JSON.stringify(kb);
    if (key === this.keyboardKey) return;
    this.keyboardKey = key;
    const box = $('reply-keyboard');
    box.replaceChildren();
    box.hidden = !kb || !kb.keyboard || kb.keyboard.length === 0;
    if (box.hidden) return;
    for (const row of kb.keyboard) {
      box.append(el('div', { class: 'kb-row' }, ...row.map((key) => el('button', {
        type: 'button', class: 'kb-btn', text: key.text,
        onclick: () => (key.request_contact || key.request_location
          ? this.onNotice('沙盒不能分享联系人或位置 / The sandbox cannot share a contact or location')
          : this.send({ text: key.text })),
      }))));
    }
  }

  // attach holds a file to send with the next message (null drops it).
  attach(file) {
    this.file = file;
    if (!file) $('file').value = '';
    $('attach-bar').hidden = !file;
    const image = !!file && /^image\/(png|jpeg|gif)$/.test(file.type);
    $('attach-photo-label').hidden = !image;
    $('attach-photo').checked = image;
    if (file) $('attach-name').textContent = file.name;
  }

  // submit sends what the input holds: a file with a caption, or a text.
  async submit() {
    const text = this.input.value;
    if (this.file) {
      const upload = { name: this.file.name, mime: this.file.type || '', data: await base64(this.file) };
      const kind = $('attach-photo').checked ? 'photo' : 'document';
      return this.send({ [kind]: upload, caption: text.trim() ? text : undefined });
    }
    if (!text.trim()) return false;
    return this.send({ text });
  }

  // send hands a message over and clears the input once it went out.
  async send(message) {
    if (this.reply) message.reply_to = this.reply.message_id;
    this.suggest.hide();
    if (!(await this.onSend(message))) return false;
    this.input.value = '';
    this.autosize();
    this.setReply(null);
    this.attach(null);
    this.input.focus();
    return true;
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 160)}px`;
  }
}

// base64 reads a file as base64, the form the stand-in takes uploads in.
function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',', 2)[1] || '');
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
