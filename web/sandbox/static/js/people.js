// people.js — who the person at the page can be, and which chats that
// user has: the identity picker, the "I am" selector and the chat list.
import { $, avatar, bi, el, reconcile } from './util.js';

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
  }, avatar(personOf(id), id.user_id),
  el('div', { class: 'chat-item-text' },
    el('div', { class: 'picker-name', text: personOf(id) }),
    id.role ? el('div', { class: 'picker-role', text: id.role }) : null,
    el('div', { class: 'chat-item-sub', text: `用户 ID / user id ${id.user_id} · ${id.chats.length} 个会话 / chats` })))));
  drawMe(identities.find((i) => i.user_id === current));
}

// personOf is the name an identity's avatar and picker entry show.
function personOf(id) {
  return id.person || id.name;
}

// drawMe shows the chosen identity's avatar beside the selector.
function drawMe(me) {
  const badge = me ? avatar(personOf(me), me.user_id, 'small') : el('div', { class: 'avatar small', hidden: true });
  badge.id = 'me-avatar';
  $('me-avatar').replaceWith(badge);
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
    const node = chatItem({ chatID, info, title, botName, active: chatID === current, count }, onOpen);
    drawn.set(chatID, { sig, node });
    return node;
  });
  reconcile($('chats'), items);
}

// chatItem is one entry of the chat list.
function chatItem({ chatID, info, title, botName, active, count }, onOpen) {
  return el('li', {
    class: active ? 'chat-item active' : 'chat-item', dataset: { chat: chatID },
    tabindex: 0, role: 'button', onclick: () => onOpen(chatID),
    onkeydown: (ev) => { if (ev.key === 'Enter') onOpen(chatID); },
  }, chatAvatar(chatID, info, title, botName),
  el('div', { class: 'chat-item-text' },
    el('div', { class: 'chat-item-title', text: title }),
    el('div', { class: 'chat-item-sub', text: chatKind(info) })),
  count ? el('span', { class: 'badge', text: count }) : null);
}

// chatAvatar is a chat's badge: the group's, or for a private chat the
// bot's (政, the service's mark, until the bot's name is known).
export function chatAvatar(chatID, info, title, botName) {
  return info && info.type !== 'private' ? avatar(title, chatID, 'group') : avatar(botName || '政', chatID, 'bot');
}
