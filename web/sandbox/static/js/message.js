// message.js — one message of a chat view (a telegramtest Bubble) drawn as
// Telegram draws it: sender, quoted reply, photo or file, formatted text,
// time with an "edited" mark, and its inline keyboard below.
import { api } from './api.js';
import { renderText } from './entities.js';
import { avatar, clock, colour, el, fileSize, icon, safeHref, userName } from './util.js';

// renderMessage draws bubble b. ctx holds me (the user id), isGroup,
// byID (message id → bubble), and the callbacks onPress(b, button, node),
// onOpenURL(href), onOther(button), onReply(b), onCommand(text), jumpTo(id)
// and isBusy(messageID, data).
export function renderMessage(b, ctx) {
  if ((b.joined && b.joined.length) || b.left) return serviceMessage(b);
  const mine = !b.from_bot && b.from.id === ctx.me;
  const bubble = el('div', { class: 'bubble' });
  const others = ctx.isGroup && !mine;
  if (others) {
    bubble.append(el('div', { class: b.from_bot ? 'sender bot' : `sender ${colour(b.from.id)}`, text: userName(b.from) }));
  }
  if (b.reply_to) bubble.append(quote(b.reply_to, ctx));
  if (b.photo) bubble.append(photo(b.photo));
  if (b.document) bubble.append(documentChip(b.document));
  const text = el('div', { class: 'text' });
  if (b.text) text.append(renderText(b.text, b.entities, ctx));
  text.append(meta(b));
  bubble.append(text, el('button', {
    class: 'reply-btn', type: 'button', title: '回复 / Reply', 'aria-label': '回复 / Reply',
    onclick: () => ctx.onReply(b),
  }, icon('reply')));
  // In a group, others' messages carry their avatar, as Telegram draws them.
  const node = el('div', {
    class: `msg ${mine ? 'mine' : 'theirs'}${b.from_bot ? ' from-bot' : ''}${others ? ' with-avatar' : ''}`,
    id: `m${b.message_id}`, dataset: { id: b.message_id },
  }, others ? avatar(userName(b.from), b.from.id, b.from_bot ? 'bot' : '') : null, bubble);
  node.addEventListener('dblclick', (ev) => {
    if (!ev.target.closest('button, a, .keyboard')) ctx.onReply(b);
  });
  const rows = b.reply_markup && b.reply_markup.inline_keyboard;
  if (rows && rows.length) node.append(inlineKeyboard(b, rows, ctx));
  return node;
}

// signature changes whenever the drawing of b would.
export function signature(b, ctx) {
  const target = b.reply_to ? ctx.byID.get(b.reply_to) : null;
  return JSON.stringify([b.text, b.entities, b.reply_markup, b.edits, b.document, b.photo,
    b.from.first_name, target ? [target.text, target.deleted] : null]);
}

// serviceMessage is a centred line for members joining or leaving.
function serviceMessage(b) {
  const text = b.left
    ? `${userName(b.left)} 离开了群组 / left the group`
    : `${b.joined.map(userName).join('、')} 加入了群组 / joined the group`;
  return el('div', { class: 'service', id: `m${b.message_id}`, text });
}

// meta is the time, with the edited mark of edited messages.
function meta(b) {
  return el('span', { class: 'meta' },
    b.edits > 0 ? el('span', { class: 'edited', text: '已编辑 edited' }) : null,
    clock(b.date));
}

// quote is the replied-to message, clickable to scroll to it.
function quote(id, ctx) {
  const target = ctx.byID.get(id);
  const gone = !target || target.deleted;
  const who = gone ? '' : (target.from_bot || target.from.id !== ctx.me ? userName(target.from) : '我 / me');
  let snippet = '已删除的消息 / Deleted message';
  if (!gone) snippet = target.text || (target.document && target.document.file_name) || (target.photo ? '图片 / Photo' : '');
  return el('div', { class: 'quote', onclick: () => ctx.jumpTo(id) },
    who ? el('b', { text: who }) : null, snippet);
}

// photo shows a photo from the stand-in's file store.
function photo(p) {
  return el('img', { class: 'photo', src: api.fileURL(p.file_id), alt: '图片 / Photo', width: p.width || null, height: p.height || null });
}

// documentChip is a file with its name and size, downloadable.
function documentChip(d) {
  return el('a', { class: 'file', href: api.fileURL(d.file_id), download: d.file_name || 'file' },
    el('span', { class: 'file-icon', 'aria-hidden': 'true' }, icon('file')),
    el('span', {},
      el('div', { class: 'file-name', text: d.file_name || '文件 / File' }),
      el('div', { class: 'file-size', text: [fileSize(d.file_size), d.mime_type].filter(Boolean).join(' · ') })));
}

// inlineKeyboard draws the buttons under a message, row by row.
function inlineKeyboard(b, rows, ctx) {
  return el('div', { class: 'keyboard' }, ...rows.map((row) => el('div', { class: 'kb-row' },
    ...row.map((button) => keyboardButton(b, button, ctx)))));
}

// keyboardButton presses a callback button, opens a URL button, and hands
// other kinds to ctx.onOther.
function keyboardButton(b, button, ctx) {
  const href = button.url ? safeHref(button.url) : null;
  const node = el('button', { type: 'button', class: 'kb-btn', title: button.url || null, dataset: { data: button.callback_data || '' } },
    button.text, button.url ? el('span', { class: 'link-mark', 'aria-hidden': 'true' }, '↗') : null);
  if (button.callback_data && ctx.isBusy(b.message_id, button.callback_data)) node.classList.add('busy');
  node.addEventListener('click', () => {
    if (button.callback_data) ctx.onPress(b, button, node);
    else if (href) ctx.onOpenURL(href);
    else ctx.onOther(button);
  });
  return node;
}
