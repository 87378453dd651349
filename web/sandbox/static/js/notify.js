// notify.js — toasts and alerts, as Telegram shows the answers to button
// presses (answerCallbackQuery text, or show_alert) and the page's errors.
import { $, el } from './util.js';

// toast shows text briefly at the top of the chat.
export function toast(text, { error = false, ms = 3500 } = {}) {
  const node = el('div', { class: error ? 'toast error' : 'toast', role: error ? 'alert' : 'status', text });
  $('toasts').append(node);
  setTimeout(() => node.remove(), error ? Math.max(ms, 6000) : ms);
}

let closeAlert = null;

// alert shows a modal with text and an OK button; it resolves when closed.
export function alert(from, text) {
  if (closeAlert) closeAlert();
  const box = $('alert');
  $('alert-from').textContent = from;
  $('alert-text').textContent = text;
  box.hidden = false;
  $('alert-ok').focus();
  return new Promise((resolve) => {
    const onKey = (ev) => {
      if (ev.key === 'Escape' || ev.key === 'Enter') {
        ev.preventDefault();
        close();
      }
    };
    const close = () => {
      box.hidden = true;
      document.removeEventListener('keydown', onKey);
      $('alert-ok').removeEventListener('click', close);
      closeAlert = null;
      resolve();
    };
    closeAlert = close;
    document.addEventListener('keydown', onKey);
    $('alert-ok').addEventListener('click', close);
  });
}
