// app.js — the sandbox chat page: pick who you are, open a chat, talk to
// the bot. State lives here; drawing is in view.js, people.js and
// message.js; the input in composer.js; button presses in presses.js.
import { api } from './api.js';
import { Composer } from './composer.js';
import { follow } from './events.js';
import { toast } from './notify.js';
import { drawChatList, drawIdentities, showPicker } from './people.js';
import { Presses, otherButton } from './presses.js';
import { $, userName } from './util.js';
import { MessageList, drawHeader } from './view.js';

const state = {
  identities: [],
  me: null, // the chosen identity
  chatInfo: new Map(), // chat id → Chat
  chatID: null,
  view: null,
  botName: '',
  unread: new Map(), // chat id → count
};

// ctx is what drawn messages call back into.
const ctx = {
  get me() { return state.me && state.me.user_id; },
  get isGroup() { const i = state.chatInfo.get(state.chatID); return !!i && i.type !== 'private'; },
  byID: new Map(),
  isBusy: (messageID, data) => presses.isBusy(messageID, data),
  onPress: (b, button, node) => presses.press(b, button, node),
  onOpenURL: (href) => window.open(href, '_blank', 'noopener,noreferrer'),
  onOther: otherButton,
  onReply: (b) => composer.setReply(b, nameOf(b)),
  onCommand: (text) => sendMessage({ text }),
  jumpTo: (id) => list.jumpTo(id),
  // steps are the chosen person's first steps in the open chat.
  steps: () => ((state.me && state.me.steps) || []).filter((s) => s.chat === state.chatID),
};

const list = new MessageList(ctx);
const composer = new Composer({ onSend: sendMessage, onNotice: (text) => toast(text) });
const presses = new Presses({
  chatID: () => state.chatID,
  me: () => state.me.user_id,
  botName: () => state.botName || '机器人 / Bot',
  refresh: () => refresh(),
});

// nameOf names a message's sender as the person sees it.
function nameOf(b) {
  return !b.from_bot && b.from.id === ctx.me ? '我 / me' : userName(b.from);
}

// serial runs fn once at a time; calls meanwhile make it run once more.
function serial(fn) {
  let running = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await fn();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

let stickToBottom = false;
let actionTimer = 0;

// refresh redraws the open chat from the stand-in.
const refresh = serial(async () => {
  const chatID = state.chatID;
  if (chatID === null) return;
  let view;
  try {
    view = await api.view(chatID);
  } catch (err) {
    return toast(`${err.message}`, { error: true });
  }
  if (chatID !== state.chatID) return;
  state.view = view;
  learnBotName(view);
  list.draw(view, stickToBottom);
  stickToBottom = false;
  composer.setView(view, nameOf);
  drawHeader(chatID, state.chatInfo.get(chatID), state.botName, view.action);
  clearTimeout(actionTimer);
  if (view.action) actionTimer = setTimeout(refresh, 5200); // actions fade after 5 s
  presses.settleFrom(chatID, view);
});

// learnBotName takes the bot's name from its messages.
function learnBotName(view) {
  const b = view.messages.find((m) => m.from_bot);
  if (b && userName(b.from) !== state.botName) {
    state.botName = userName(b.from);
    drawChats();
  }
}

const refreshCommands = serial(async () => {
  if (state.chatID === null || !state.me) return;
  try {
    composer.setCommands(await api.commands(state.chatID, state.me.user_id));
  } catch {
    composer.setCommands([]);
  }
});

function drawChats() {
  drawChatList({
    identity: state.me, chatInfo: state.chatInfo, current: state.chatID,
    unread: state.unread, botName: state.botName, onOpen: openChat,
  });
}

// openChat shows one of the identity's chats (on a phone, instead of the
// chat list).
function openChat(chatID) {
  document.body.classList.add('chat-open');
  state.chatID = chatID;
  state.unread.delete(chatID);
  history.replaceState(null, '', `#u=${state.me.user_id}&c=${chatID}`);
  list.clear();
  composer.reset();
  composer.setCommands([]);
  drawChats();
  drawHeader(chatID, state.chatInfo.get(chatID), state.botName, '');
  stickToBottom = true;
  refresh();
  refreshCommands();
}

// pickIdentity makes the person act as another user.
function pickIdentity(userID, chatID) {
  const me = state.identities.find((i) => i.user_id === userID);
  if (!me) return;
  state.me = me;
  state.unread.clear();
  $('toasts').replaceChildren(); // another person's answers are not this one's
  showPicker(false);
  drawIdentities(state.identities, userID, pickIdentity);
  openChat(me.chats.includes(chatID) ? chatID : (me.chats.includes(userID) ? userID : me.chats[0] ?? userID));
}

// sendMessage posts the person's message into the open chat.
async function sendMessage(message) {
  try {
    await api.send(state.chatID, { ...message, from: state.me.user_id });
  } catch (err) {
    toast(`发送失败 / Not sent: ${err.message}`, { error: true });
    return false;
  }
  stickToBottom = true;
  refresh();
  return true;
}

// onEvents follows the stand-in: redraw the open chat, count unread
// messages in the others, and fetch answers to presses made elsewhere.
function onEvents(events) {
  let view = false;
  let chats = false;
  let commands = false;
  const answered = new Set();
  for (const ev of events) {
    chats ||= ev.kind === 'chat';
    commands ||= ev.kind === 'commands' || ev.kind === 'chat';
    if (ev.chat_id === state.chatID) {
      view = true;
    } else if (state.me && state.me.chats.includes(ev.chat_id)) {
      if (ev.kind === 'message') state.unread.set(ev.chat_id, (state.unread.get(ev.chat_id) || 0) + 1);
      if (ev.kind === 'answered') answered.add(ev.chat_id);
    }
  }
  if (view) refresh();
  if (commands) refreshCommands();
  if (chats) loadPeople().then(drawChats);
  else drawChats();
  for (const chatID of answered) api.view(chatID).then((v) => presses.settleFrom(chatID, v), () => {});
}

// loadPeople reads the identities and chats. Without identities from the
// service, every simulated user is offered, with all groups.
async function loadPeople() {
  const [identities, chats] = await Promise.all([api.identities().catch(() => []), api.chats()]);
  state.chatInfo = new Map(chats.map((c) => [c.id, c]));
  state.identities = identities.length ? identities : (await api.users()).map((u) => ({
    user_id: u.id,
    name: userName(u) + (u.username ? ` (@${u.username})` : ''),
    chats: [u.id, ...chats.filter((c) => c.type !== 'private').map((c) => c.id)],
  }));
  if (state.me) state.me = state.identities.find((i) => i.user_id === state.me.user_id) || state.me;
  drawIdentities(state.identities, state.me && state.me.user_id, pickIdentity);
}

// On a phone the chat list and the open chat take the screen by turns:
// the back button returns to the list.
$('back-btn').addEventListener('click', () => document.body.classList.remove('chat-open'));

async function main() {
  try {
    await loadPeople();
  } catch (err) {
    toast(`无法连接沙盒服务 / Cannot reach the sandbox: ${err.message}`, { error: true });
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  const userID = Number(hash.get('u'));
  if (state.identities.some((i) => i.user_id === userID)) pickIdentity(userID, Number(hash.get('c')));
  else showPicker(true);
  follow(onEvents, (online) => { $('conn').hidden = online; });
}

main();
