// Package sandbox serves the sandbox chat page: a web stand-in for the
// Telegram app, for people without Telegram.
//
// The page at /sandbox lets a person pick one of the seeded users, see that
// user's private chat with the bot and the groups they belong to, and act
// as that user: write messages and /commands, reply to a message, upload a
// file and press inline buttons. It shows the bot's messages as Telegram
// would: formatting built from the message entities (never from raw HTML),
// inline keyboards, cards edited in place, deleted messages gone, the
// answers to button presses as toasts or alerts, and the bot's command menu.
// Avatars tell people apart (initials, a colour per person); an empty chat
// shows the identity's first steps (Identity.Steps); times are China time,
// the city's, whatever the browser's zone. On a phone the chat list and a
// chat take the screen by turns.
//
// The page talks only to its own origin: to /sandbox/identities for the
// list of users to pick from, and to the stand-in Telegram server
// (govmedia/bot/telegramtest) whose handler the service mounts under
// /_sandbox/. Changes arrive through the long poll GET /_sandbox/events.
package sandbox
