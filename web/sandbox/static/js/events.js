// events.js — follows the stand-in's changes through its long poll.
import { api } from './api.js';
import { sleep } from './util.js';

// follow calls onEvents with each batch of new events, forever, and
// onOnline(true|false) when the connection comes back or drops.
export async function follow(onEvents, onOnline) {
  let since = null;
  let wait = 500;
  for (;;) {
    try {
      if (since === null) since = await api.latestEvent();
      const answer = await api.events(since, 25);
      onOnline(true);
      wait = 500;
      // A restarted server counts from the start again: take its number.
      since = answer.next;
      if (answer.events.length) onEvents(answer.events);
    } catch (err) {
      onOnline(false);
      await sleep(wait);
      wait = Math.min(wait * 2, 5000);
    }
  }
}
