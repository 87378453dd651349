// Package bot is the Telegram front end: departments apply and follow their
// applications, offices review and decide them on cards in their review
// chats, admins invite people. It is a thin layer over registry and
// approvals; what it keeps itself (forms in progress, cards, review chats)
// lives in PostgreSQL, and every notification that must not be lost is a
// job on the queue.
package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/oversight"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
)

// Options configure the bot.
type Options struct {
	Token      string
	APIURL     string // a Bot API server; default the public one
	WebhookURL string // set: webhook mode; empty: long polling
	Limits     Limits // default TelegramLimits
	HTTPClient *http.Client
}

// Bot is the chat front end.
type Bot struct {
	api      *tgbot.Bot
	db       *bun.DB
	reg      *registry.Registry
	engine   *approvals.Engine
	queue    *postgres.Queue
	sender   *Sender
	log      *slog.Logger
	now      govmedia.Clock
	opts     Options
	secret   string // the webhook's secret token
	username string
	dispatch *dispatcher
	link     link // the standing with the Bot API
	wechat   CredentialBinder
	box      *govmedia.SecretBox  // seals secrets held in forms in progress
	pub      *publish.Publisher   // nil: no publishing
	cat      *catalog.Catalog     // nil: no catalogs in chat
	cit      *citizens.Citizens   // nil: no citizens' questions in chat
	over     *oversight.Oversight // nil: no supervision in chat
}

// CredentialBinder checks and stores the WeChat credentials of an account
// becoming active (the publish package provides it).
type CredentialBinder interface {
	BindWeChat(ctx context.Context, tx bun.Tx, accountID int64, creds WeChatCredentials) error
	CheckWeChat(ctx context.Context, appID, secret string) error
}

// WeChatCredentials are what an operator binds for a WeChat account.
type WeChatCredentials struct {
	AppID, AppSecret, Token, EncodingAESKey string
}

// Deps are the services the bot fronts.
type Deps struct {
	DB        *bun.DB
	Registry  *registry.Registry
	Engine    *approvals.Engine
	Queue     *postgres.Queue
	Log       *slog.Logger
	Now       govmedia.Clock
	WeChat    CredentialBinder
	Box       *govmedia.SecretBox
	Publisher *publish.Publisher   // optional
	Catalog   *catalog.Catalog     // optional
	Citizens  *citizens.Citizens   // optional: citizens' questions to the units
	Oversight *oversight.Oversight // optional: the city office's supervision
}

// New makes the bot and registers its jobs on the queue and its listener
// on the engine. It does not wait for the Bot API: Run connects, and keeps
// trying while Telegram cannot be reached.
func New(ctx context.Context, opts Options, deps Deps) (*Bot, error) {
	if opts.Limits == (Limits{}) {
		opts.Limits = TelegramLimits
	}
	if deps.Now == nil {
		deps.Now = govmedia.Now
	}
	b := &Bot{db: deps.DB, reg: deps.Registry, engine: deps.Engine, queue: deps.Queue, log: deps.Log, now: deps.Now,
		opts: opts, sender: NewSender(deps.DB, opts.Token, opts.Limits), wechat: deps.WeChat, secret: webhookSecret(opts.Token), box: deps.Box,
		pub: deps.Publisher, cat: deps.Catalog, cit: deps.Citizens, over: deps.Oversight}
	b.dispatch = newDispatcher(b.handle)
	api, err := tgbot.New(opts.Token, b.clientOptions()...)
	if err != nil {
		return nil, err
	}
	b.api = api
	b.registerJobs()
	b.listenCitizens()
	b.registerOversightJobs()
	deps.Engine.Listen(b.onEvent)
	deps.Registry.OnClosed(b.onAccountClosed)
	if b.pub != nil {
		b.pub.OnProgress = b.onProgress
	}
	return b, nil
}

func (b *Bot) clientOptions() []tgbot.Option {
	opts := []tgbot.Option{
		tgbot.WithSkipGetMe(), tgbot.WithNotAsyncHandlers(), tgbot.WithWorkers(1),
		tgbot.WithDefaultHandler(func(ctx context.Context, _ *tgbot.Bot, u *models.Update) { b.dispatch.submit(ctx, u) }),
		tgbot.WithErrorsHandler(func(err error) { b.log.Warn("telegram", "err", redact(err.Error(), b.opts.Token)) }),
		tgbot.WithAllowedUpdates(tgbot.AllowedUpdates{"message", "callback_query", "my_chat_member"}),
	}
	if b.opts.APIURL != "" {
		opts = append(opts, tgbot.WithServerURL(strings.TrimSuffix(b.opts.APIURL, "/")))
	}
	client := b.opts.HTTPClient
	if client == nil {
		client = newClient(pollTimeout+10*time.Second, pollTimeout+15*time.Second)
	}
	return append(opts, tgbot.WithHTTPClient(pollTimeout, b.watch(client)))
}

// Listen makes changes made by this process (a command-line submission,
// say, or accounts closed by accounts close-due) queue the same
// notifications the running bot would: cards for offices and words to
// applicants and host units. The running service sends them.
func Listen(deps Deps) {
	b := &Bot{db: deps.DB, reg: deps.Registry, engine: deps.Engine, queue: deps.Queue, log: deps.Log, now: deps.Now}
	deps.Engine.Listen(b.onEvent)
	deps.Registry.OnClosed(b.onAccountClosed)
}

// Run receives updates until ctx ends: through the webhook when a webhook
// URL is configured (mount WebhookHandler), by long polling otherwise. It
// first waits for the Bot API to answer, trying again with backoff; the
// rest of the service runs meanwhile. When ctx ends, updates under way get
// a few seconds to finish before their contexts are cancelled.
func (b *Bot) Run(ctx context.Context) error {
	if !b.connect(ctx) {
		return nil
	}
	b.link.receiving.Store(true)
	if err := b.registerCommands(ctx); err != nil {
		b.log.Warn("registering commands", "err", redact(err.Error(), b.opts.Token))
	}
	if b.opts.WebhookURL != "" {
		b.api.StartWebhook(ctx)
	} else {
		b.api.Start(ctx)
	}
	b.dispatch.drain(stopGrace)
	return nil
}

// WebhookHandler receives updates from Telegram. A request without the
// secret token Telegram was given is refused with 401.
func (b *Bot) WebhookHandler() http.Handler {
	inner := b.api.WebhookHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token")), []byte(b.secret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if !b.link.receiving.Load() { // not connected yet: Telegram delivers it again later
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		inner(w, r)
	})
}

// webhookSecret derives the webhook's secret token from the bot token, so
// that every replica sets and expects the same one.
func webhookSecret(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("govmedia telegram webhook"))
	return hex.EncodeToString(mac.Sum(nil))[:48]
}

// redact removes the bot token from a text (the library puts request URLs,
// which hold the token, in its errors).
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "<token>")
}
