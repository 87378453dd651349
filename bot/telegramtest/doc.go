// Package telegramtest is a stand-in Telegram Bot API server for tests,
// benchmarks and the browser sandbox, written from the public Bot API
// document (https://core.telegram.org/bots/api).
//
// The bot talks to it as to api.telegram.org:
//
//	s := telegramtest.Start(t, telegramtest.Options{})
//	b, _ := bot.New(s.Token(), bot.WithServerURL(s.URL()))
//
// Parameters are accepted in the query string, urlencoded, multipart or
// JSON bodies, and answers use the Bot API envelope with Telegram's own
// error descriptions. Implemented methods: getMe, getUpdates (long
// polling), setWebhook, deleteWebhook, getWebhookInfo, sendMessage,
// editMessageText, editMessageReplyMarkup, deleteMessage,
// answerCallbackQuery, setMyCommands, getMyCommands, deleteMyCommands,
// sendDocument, sendPhoto, getFile (and the /file/bot<token>/ download),
// sendChatAction, getChat and getChatMember.
//
// The humans are simulated through Go methods (AddUser, AddGroup, Send,
// SendText, Reply, PressButton, Join, Leave, Block) or the same actions
// over HTTP under /_sandbox/. What they see is read with View, WaitFor,
// Events and the /_sandbox/chats and /_sandbox/events routes; what the bot
// did with Calls and Stats. Inject and InjectTooManyRequests make the
// server fail on purpose; Options.EnforceRateLimits applies Telegram's
// sending limits.
package telegramtest
