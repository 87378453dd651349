// entities.js — a message's text and MessageEntity list turned into DOM,
// the way Telegram's apps draw them. Text only ever becomes text nodes;
// the elements come from the entity types Telegram defines, so nothing the
// bot or a user writes can become markup. Offsets and lengths are UTF-16
// code units, as are JavaScript string indexes.
import { el, safeHref } from './util.js';

// Entities inside which Telegram detects no further links or commands.
const literal = new Set(['code', 'pre', 'text_link', 'url', 'email', 'phone_number', 'bot_command',
  'mention', 'text_mention', 'hashtag', 'cashtag']);

// Entities drawn as blocks: a line break beside them is part of the block.
const blocks = new Set(['pre', 'blockquote', 'expandable_blockquote']);

const byPosition = (a, b) => a.offset - b.offset || b.length - a.length;

// renderText returns the text with its entities as a DocumentFragment.
// opts.onCommand(command) is called when a /command is clicked.
export function renderText(text, entities, opts = {}) {
  const size = text.length;
  const list = (entities || [])
    .map((e) => {
      const offset = Math.min(Math.max(0, e.offset | 0), size);
      return { ...e, offset, length: Math.min(Math.max(0, e.length | 0), size - offset) };
    })
    .filter((e) => e.length > 0)
    .sort(byPosition);
  return build(text, 0, size, list, opts, false);
}

// build draws text[start:end] with the entities inside it. An entity that
// crosses the end of an enclosing one is split in two, as overlapping
// entities are allowed by the Bot API but elements must nest.
function build(text, start, end, entities, opts, inLiteral) {
  const frag = document.createDocumentFragment();
  let pos = start;
  let afterBlock = false;
  let list = entities;
  while (list.length) {
    const [e, ...others] = list;
    const eEnd = e.offset + e.length;
    const inner = [];
    const rest = [];
    for (const f of others) {
      const fEnd = f.offset + f.length;
      if (f.offset >= eEnd) rest.push(f);
      else if (fEnd <= eEnd) inner.push(f);
      else {
        inner.push({ ...f, length: eEnd - f.offset });
        rest.push({ ...f, offset: eEnd, length: fEnd - eEnd });
      }
    }
    let before = text.slice(pos, e.offset);
    if (afterBlock) before = before.replace(/^\n/, '');
    if (blocks.has(e.type)) before = before.replace(/\n$/, '');
    frag.append(plain(before, opts, inLiteral));
    const child = build(text, e.offset, eEnd, inner, opts, inLiteral || literal.has(e.type));
    frag.append(wrap(e, text.slice(e.offset, eEnd), child, opts));
    afterBlock = blocks.has(e.type);
    pos = eEnd;
    list = rest.sort(byPosition);
  }
  let tail = text.slice(pos, end);
  if (afterBlock) tail = tail.replace(/^\n/, '');
  frag.append(plain(tail, opts, inLiteral));
  return frag;
}

// Links, and commands after a space or at the start, that Telegram finds
// in plain text by itself.
const detect = /(https?:\/\/[^\s<>"'，。；、！？（）「」]+)|(?<=^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?![\w/])/g;

// plain draws text outside any entity, with detected links and commands.
function plain(text, opts, inLiteral) {
  const frag = document.createDocumentFragment();
  if (!text) return frag;
  if (inLiteral) {
    frag.append(text);
    return frag;
  }
  let pos = 0;
  for (const m of text.matchAll(detect)) {
    let found = m[0];
    if (m[1]) found = found.replace(/[.,;:!?)\]]+$/, '');
    frag.append(text.slice(pos, m.index));
    frag.append(m[1] ? link(found, found) : command(found, found, opts));
    pos = m.index + found.length;
  }
  frag.append(text.slice(pos));
  return frag;
}

// wrap puts an entity's drawn content into the element of its type.
function wrap(e, raw, child, opts) {
  switch (e.type) {
    case 'bold': return el('strong', {}, child);
    case 'italic': return el('em', {}, child);
    case 'underline': return el('u', {}, child);
    case 'strikethrough': return el('s', {}, child);
    case 'spoiler': return spoiler(child);
    case 'code': return el('code', {}, child);
    case 'pre': return el('pre', { 'data-lang': e.language || null }, el('code', {}, child));
    case 'blockquote': return el('blockquote', {}, child);
    case 'expandable_blockquote': return expandable(child);
    case 'text_link': return link(e.url, child);
    case 'url': return link(raw, child);
    case 'email': return link('mailto:' + raw, child);
    case 'phone_number': return link('tel:' + raw.replace(/[^\d+]/g, ''), child);
    case 'bot_command': return command(raw, child, opts);
    case 'mention': case 'hashtag': case 'cashtag':
      return el('span', { class: 'mention' }, child);
    case 'text_mention':
      return el('span', { class: 'mention', title: e.user ? `user ${e.user.id}` : null }, child);
    default: return child; // custom_emoji shows its fallback text; unknown types stay plain
  }
}

// link is an <a> for URLs a browser may open, else the text with the
// address as a tooltip.
function link(url, child) {
  const href = safeHref(url);
  if (!href) return el('span', { class: 'link-off', title: String(url) }, child);
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow', title: href }, child);
}

// command is a /command that sends itself when clicked, as in Telegram.
function command(raw, child, opts) {
  return el('span', {
    class: 'command', role: 'link', tabindex: 0,
    onclick: () => opts.onCommand && opts.onCommand(raw),
  }, child);
}

// spoiler hides its content until clicked.
function spoiler(child) {
  const node = el('span', { class: 'spoiler', title: '点击显示 / click to reveal' }, child);
  node.addEventListener('click', (ev) => {
    if (node.classList.contains('shown')) return;
    ev.preventDefault();
    ev.stopPropagation();
    node.classList.add('shown');
    node.removeAttribute('title');
  });
  return node;
}

// expandable is a blockquote shown folded until clicked.
function expandable(child) {
  const node = el('blockquote', { class: 'expandable' }, child);
  node.addEventListener('click', () => node.classList.toggle('open'));
  return node;
}
