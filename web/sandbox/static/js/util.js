// util.js — DOM building without HTML strings, and small formatters.

// el builds an element. Props: class, text, dataset, on<event> handlers,
// anything else as an attribute (null, undefined and false are skipped).
// Children may be nodes or strings; strings become text nodes.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// bi is a Chinese label followed by its English, muted.
export function bi(zh, en) {
  const frag = document.createDocumentFragment();
  frag.append(zh + ' ', el('span', { class: 'en', text: en }));
  return frag;
}

// $ finds the element with the id.
export const $ = (id) => document.getElementById(id);

// cityZone is the time zone of the city the service runs for, China
// Standard Time (govmedia.ChinaTime): times are shown in it whatever zone
// the browser is in, as the bot's own messages give them.
const cityZone = 'Asia/Shanghai';

const clockFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: cityZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: cityZone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });

// clock is "HH:MM" of a Unix time, in the city's time zone.
export function clock(unix) {
  return clockFormat.format(new Date(unix * 1000));
}

// dayLabel is the calendar day of a Unix time in the city, in Chinese.
export function dayLabel(unix) {
  return dayFormat.format(new Date(unix * 1000));
}

// fileSize is a byte count for people.
export function fileSize(n) {
  if (!n) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// userName is a Telegram user's display name.
export function userName(u) {
  if (!u) return '';
  return [u.first_name, u.last_name].filter(Boolean).join(' ') || (u.username ? '@' + u.username : `User ${u.id}`);
}

// initial is the first character of a name, for avatars.
export function initial(name) {
  return Array.from((name || '?').trim())[0] || '?';
}

// avatarColours is how many colours avatars come in (style.css, .c0–.c6).
const avatarColours = 7;

// avatar is a badge with the first character of a person's or a chat's
// name, coloured by its id, so that people are told apart at a glance: the
// same person has the same colour everywhere, and the seeded people
// (consecutive ids) each their own. kind is '', 'group' or 'bot'. The
// character is drawn from data-initial, so that it is not part of the
// text of what holds it.
export function avatar(name, id, kind = '') {
  return el('div', { class: `avatar ${colour(id)}${kind ? ' ' + kind : ''}`, 'aria-hidden': 'true', dataset: { initial: initial(name) } });
}

// colour is the class of id's colour, for its avatar and its name.
export function colour(id) {
  return `c${Math.abs(Math.trunc(Number(id)) || 0) % avatarColours}`;
}

// safeHref returns url when a browser may open it from a message
// (http, https, mailto, tel; a bare host name gets https://), else null.
export function safeHref(url) {
  let s = String(url || '').trim();
  if (!s) return null;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) s = 'https://' + s;
  try {
    const u = new URL(s);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

// sleep waits ms milliseconds.
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// iconPaths are the strokes of the page's few icons (24×24).
const iconPaths = {
  file: ['M13 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z', 'M13 2v7h7'],
  reply: ['M9 14 4 9l5-5', 'M20 20v-7a4 4 0 0 0-4-4H4'],
};

// icon is a small line drawing, so the page needs no emoji font.
export function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'ico');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  for (const d of iconPaths[name]) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

// reconcile makes box's children the wanted nodes, in order, moving or
// removing only what changed: a node already in place is not touched, so a
// click, the hover or a text selection on it survives a redraw.
export function reconcile(box, wanted) {
  const keep = new Set(wanted);
  for (const child of [...box.children]) {
    if (!keep.has(child)) child.remove();
  }
  wanted.forEach((node, i) => {
    const at = box.children[i];
    if (at !== node) box.insertBefore(node, at || null);
  });
}
