// people.js — who the person at the page can be, and which chats that
// user has: the identity picker, the "I am" selector and the chat list.
import { $, bi, el, initial, reconcile } from './util.js';

// drawIdentities fills the "I am" selector and the picker with the
// identities; onPick(userID) is called with the chosen one.
export function drawIdentities(identities, current, onPick) {
  const select = $('identity');
  select.replaceChildren(
    el('option', { value: '', disabled: true, selected: !current, text: '— 请选择 / choose —' }),
    ...identities.map((id) => el('option', { value: id.user_id, selected: current === id.user_id, text: id.name })));
  select.onchange = () => onPick(Number(select.value));
  const list = $('picker-list');
  if (identities.length === 0) {
    list.replaceChildren(el('li', { class: 'hint' }, bi('沙盒里还没有用户。', 'No users in the sandbox yet.')));
    return;
  }
  list.replaceChildren(...identities.map((id) => el('li', {
    class: 'picker-item', tabindex: 0, role: 'button', dataset: { user: id.user_id },
    onclick: () => onPick(id.user_id),
    onkeydown: (ev) => { if (ev.key === 'Enter') onPick(id.user_id); },
  }, el('div', { class: 'avatar', 'aria-hidden': 'true', text: initial(id.name.split('·').pop()) }),
  el('div', { class: 'chat-item-text' },
    el('div', { class: 'chat-item-title', text: id.name }),
    el('div', { class: 'chat-item-sub', text: `用户 ID / user id ${id.user_id} · ${id.chats.length} 个会话 / chats` })))));
}

// showPicker opens or closes the identity picker.
export function showPicker(open) {
  $('picker').hidden = !open;
}

// chatTitle names a chat for the person: the bot for a private chat, the
// group's title otherwise.
export function chatTitle(chatID, info, botName) {
  if (!info || info.type === 'private') return botName || '机器人 / Bot';
  return info.title || `群组 / Group ${chatID}`;
}

// chatKind is the line under a chat's title.
export function chatKind(info) {
  if (!info) return '会话 / chat';
  return info.type === 'private' ? '私聊 / private chat' : '群组 / group';
}

// drawn keeps the chat list's items: chat id → {sig, node}.
const drawn = new Map();

// drawChatList lists the identity's chats with their unread counts,
// redrawing only the items that changed.
export function drawChatList({ identity, chatInfo, current, unread, botName, onOpen }) {
  const items = (identity ? identity.chats : []).map((chatID) => {
    const info = chatInfo.get(chatID);
    const title = chatTitle(chatID, info, botName);
    const count = unread.get(chatID) || 0;
    const sig = JSON.stringify([title, info, chatID === current, count]);
    const old = drawn.get(chatID);
    if (old && old.sig === sig) return old.node;
    const node = chatItem(chatID, info, title, chatID === current, count, onOpen);
    drawn.set(chatID, { sig, node });
    return node;
  });
  reconcile($('chats'), items);
}

// chatItem is one entry of the chat list.
function chatItem(chatID, info, title, active, count, onOpen) {
  return el('li', {
    class: active ? 'chat-item active' : 'chat-item', dataset: { chat: chatID },
    tabindex: 0, role: 'button', onclick: () => onOpen(chatID),
    onkeydown: (ev) => { if (ev.key === 'Enter') onOpen(chatID); },
  }, el('div', { class: info && info.type !== 'private' ? 'avatar group' : 'avatar', 'aria-hidden': 'true', text: initial(title) }),
  el('div', { class: 'chat-item-text' },
    el('div', { class: 'chat-item-title', text: title }),
    el('div', { class: 'chat-item-sub', text: chatKind(info) })),
  count ? el('span', { class: 'badge', text: count }) : null);
}
