// suggest.js — the bot's command menu: opened by the Menu button or by
// typing "/", it lists the commands with their descriptions; choosing one
// sends it, as Telegram does.
import { el } from './util.js';

export class Suggestions {
  // box is the list's element; choose(text) sends a command.
  constructor(box, choose) {
    this.box = box;
    this.choose = choose;
    this.commands = [];
    this.shown = [];
    this.selected = -1;
  }

  setCommands(commands) {
    this.commands = commands || [];
    if (!this.box.hidden) this.show(this.commands);
  }

  // filter shows the commands that start with what is typed after "/".
  filter(value) {
    const m = /^\/([A-Za-z0-9_]*)$/.exec(value);
    if (!m || this.commands.length === 0) return this.hide();
    const prefix = m[1].toLowerCase();
    this.show(this.commands.filter((c) => c.command.startsWith(prefix)));
  }

  toggle() {
    if (this.box.hidden) this.show(this.commands);
    else this.hide();
  }

  show(list) {
    this.shown = list;
    this.selected = list.length ? 0 : -1;
    this.box.hidden = list.length === 0;
    this.draw();
  }

  hide() {
    this.box.hidden = true;
    this.shown = [];
    this.selected = -1;
  }

  draw() {
    this.box.replaceChildren(...this.shown.map((c, i) => el('div', {
      class: i === this.selected ? 'suggest-item sel' : 'suggest-item', role: 'option',
      onmousedown: (ev) => {
        ev.preventDefault();
        this.choose('/' + c.command);
      },
    }, el('span', { class: 'suggest-cmd', text: '/' + c.command }), el('span', { class: 'suggest-desc', text: c.description }))));
  }

  // key handles arrows, Enter, Tab and Escape while the list is open, and
  // reports whether it used the key.
  key(ev) {
    if (this.box.hidden || ev.isComposing) return false;
    const n = this.shown.length;
    switch (ev.key) {
      case 'ArrowDown': this.selected = (this.selected + 1) % n; break;
      case 'ArrowUp': this.selected = (this.selected - 1 + n) % n; break;
      case 'Escape': this.hide(); break;
      case 'Enter':
      case 'Tab':
        if (ev.shiftKey || this.selected < 0) return false;
        ev.preventDefault();
        this.choose('/' + this.shown[this.selected].command);
        return true;
      default: return false;
    }
    ev.preventDefault();
    this.draw();
    return true;
  }
}
