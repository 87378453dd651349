package bot_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/bot/telegramtest"
	"govmedia/catalog"
	"govmedia/citizens"
	"govmedia/internal/secretscan"
	"govmedia/oversight"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// fastLimits keep the sender's spacing but let tests run quickly.
var fastLimits = bot.Limits{PerChat: 5 * time.Millisecond, GroupWindow: time.Second, GroupCount: 100, Overall: 1000}

// person is a simulated Telegram user bound to an org.
type person struct {
	id     int64
	member *registry.Member
}

// world is the bot against a stand-in Bot API, on its own database, with
// the people of the Wuhua district and the city office.
type world struct {
	t                                                        testing.TB
	env                                                      *registrytest.Env
	engine                                                   *approvals.Engine
	tg                                                       *telegramtest.Server
	bot                                                      *bot.Bot
	queue                                                    *postgres.Queue
	cancel                                                   context.CancelFunc
	done                                                     chan struct{}
	township, operator, reviewer, approver, approver2, admin person
	wuhuaGroup, cityGroup                                    int64
	logs                                                     syncBuffer
	scan                                                     *secretscan.Scan
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type worldOpts struct {
	webhook    string // a webhook URL: webhook mode
	publish    *publish.Publisher
	catalog    *catalog.Catalog
	limits     bot.Limits
	tg         telegramtest.Options
	wechat     bot.CredentialBinder
	closeEvery time.Duration // set: the registry's closing job runs this often
	citizens   *citizens.Citizens
	oversight  *oversight.Oversight
}

func newWorld(t testing.TB, opts worldOpts) *world {
	t.Helper()
	env := registrytest.New(t)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	if opts.catalog == nil {
		opts.catalog = catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now)
	}
	return newWorldOn(t, env, engine, nil, opts)
}

// newWorldOn builds the world on a registry, engine and (when not nil) a
// queue that others, such as a Publisher, have registered with already.
func newWorldOn(t testing.TB, env *registrytest.Env, engine *approvals.Engine, q *postgres.Queue, opts worldOpts) *world {
	t.Helper()
	w := &world{t: t, env: env, engine: engine, queue: q, scan: secretscan.New(t)}
	w.tg = telegramtest.Start(t, opts.tg)
	w.scanOutputs()
	w.township = w.bind(2001, "赵磊", "km.wuhua.huashan", registry.Operator)
	w.operator = w.bind(2002, "王芳", "km.wuhua.dept.edu", registry.Operator)
	w.reviewer = w.bind(2003, "李强", "km.wuhua.office", registry.Reviewer)
	w.approver = w.bind(2004, "张敏", "km.office", registry.Approver)
	w.approver2 = w.bind(2005, "陈静", "km.office", registry.Approver)
	w.admin = w.bind(2006, "周涛", "km.office", registry.Admin)
	w.wuhuaGroup, w.cityGroup = -1002001, -1002002
	w.group(w.wuhuaGroup, "五华区政府办审核群", "km.wuhua.office", w.reviewer.id)
	w.group(w.cityGroup, "市政府办审批群", "km.office", w.approver.id, w.approver2.id, w.admin.id)
	if opts.limits == (bot.Limits{}) {
		opts.limits = fastLimits
	}
	w.start(opts)
	return w
}

// bind makes a person: a stand-in user bound through an invite.
func (w *world) bind(id int64, name, org string, role registry.Role) person {
	w.tg.AddUser(telegramtest.User{ID: id, FirstName: name, LanguageCode: "zh-hans"})
	code, _, err := w.env.Registry.CreateInvite(context.Background(), govmedia.Operator("test"), org, role, time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	m, err := w.env.Registry.RedeemInvite(context.Background(), code, registry.TelegramUser{ID: id, DisplayName: name, LanguageCode: "zh"})
	if err != nil {
		w.t.Fatal(err)
	}
	return person{id: id, member: m}
}

func (w *world) group(id int64, title, office string, members ...int64) {
	if _, err := w.tg.AddGroup(telegramtest.Group{ID: id, Title: title, Members: members}); err != nil {
		w.t.Fatal(err)
	}
	if err := bot.BindReviewChat(context.Background(), w.env.DB, id, office, title, govmedia.Operator("test"), w.env.Clock.Now()); err != nil {
		w.t.Fatal(err)
	}
}

// start runs the bot and the queue's workers until the test ends (or stop).
func (w *world) start(opts worldOpts) {
	ctx, cancel := context.WithCancel(context.Background())
	var out io.Writer = &w.logs
	if os.Getenv("BOT_TEST_LOG") != "" {
		out = io.MultiWriter(&w.logs, os.Stderr)
	}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	q := w.queue
	if q == nil || w.cancel != nil || w.done != nil {
		var err error
		if q, err = postgres.NewQueue(w.env.DB); err != nil {
			w.t.Fatal(err)
		}
	}
	bopts := bot.Options{Token: w.tg.Token(), APIURL: w.tg.URL(), Limits: opts.limits}
	bopts.WebhookURL = opts.webhook
	b, err := bot.New(ctx, bopts, bot.Deps{DB: w.env.DB.DB, Registry: w.env.Registry, Engine: w.engine, Queue: q,
		Log: log, Now: w.env.Clock.Now, Box: w.env.Box, Publisher: opts.publish, Catalog: opts.catalog, WeChat: opts.wechat, Citizens: opts.citizens, Oversight: opts.oversight})
	if err != nil {
		w.t.Fatal(err)
	}
	if opts.closeEvery > 0 {
		w.env.Registry.AddJobs(q, opts.closeEvery)
	}
	if err := q.Start(ctx, w.env.DB, 4, log); err != nil {
		w.t.Fatal(err)
	}
	w.bot, w.queue, w.cancel, w.done = b, q, cancel, make(chan struct{})
	go func() { defer close(w.done); _ = b.Run(ctx) }()
	w.t.Cleanup(w.stop)
}

// stop ends the bot and the workers, as a process exit would.
func (w *world) stop() {
	if w.cancel == nil {
		return
	}
	w.cancel()
	<-w.done
	stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = w.queue.Stop(stop)
	w.cancel = nil
}

// say sends text from a person in their private chat.
func (w *world) say(p person, text string) {
	w.t.Helper()
	if _, err := w.tg.SendText(p.id, p.id, text); err != nil {
		w.t.Fatalf("%d says %q: %v", p.id, text, err)
	}
}

// expect waits until the last bot message in chat contains want, and returns it.
func (w *world) expect(chat int64, want string) telegramtest.Bubble {
	w.t.Helper()
	return w.expectWith(chat, want, "")
}

// expectCard waits for a card containing want that offers a decision.
func (w *world) expectCard(chat int64, want string) telegramtest.Bubble {
	w.t.Helper()
	return w.expectWith(chat, want, "同意")
}

// expectAfter waits for a bot message newer than message after that
// contains want, so that a question asked again is not taken for the
// answer to the one before.
func (w *world) expectAfter(chat int64, want string, after int) telegramtest.Bubble {
	w.t.Helper()
	var found telegramtest.Bubble
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for i := len(msgs) - 1; i >= 0; i-- {
			if m := msgs[i]; m.FromBot && !m.Deleted && m.MessageID > after && strings.Contains(m.Text, want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		w.t.Fatalf("waiting for %q after message %d in chat %d: %v", want, after, chat, err)
	}
	return found
}

// lastMessageID is the id of the newest message in chat, 0 for none.
func (w *world) lastMessageID(chat int64) int {
	w.t.Helper()
	v, err := w.tg.View(chat)
	if err != nil || len(v.Messages) == 0 {
		return 0
	}
	return v.Messages[len(v.Messages)-1].MessageID
}

func (w *world) expectWith(chat int64, want, button string) telegramtest.Bubble {
	w.t.Helper()
	var found telegramtest.Bubble
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for i := len(msgs) - 1; i >= 0; i-- {
			if msgs[i].FromBot && !msgs[i].Deleted && strings.Contains(msgs[i].Text, want) && strings.Contains(buttonsOf(msgs[i]), button) {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		w.t.Fatalf("waiting for %q in chat %d: %v", want, chat, err)
	}
	return found
}

// press presses the button whose label contains label, on the latest bot
// message in chat that has one, and returns the bot's answer to it.
func (w *world) press(p person, chat int64, label string) telegramtest.Press {
	w.t.Helper()
	msg, data := w.findButton(chat, label)
	pr, err := w.tg.PressButton(telegramtest.ButtonPress{ChatID: chat, From: p.id, MessageID: msg, Data: data})
	if err != nil {
		w.t.Fatalf("pressing %q: %v", label, err)
	}
	return w.answered(chat, msg, pr.QueryID)
}

func (w *world) findButton(chat int64, label string) (int, string) {
	w.t.Helper()
	var msgID int
	var data string
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for i := len(msgs) - 1; i >= 0; i-- {
			if m := msgs[i]; m.FromBot && !m.Deleted && m.Markup != nil {
				for _, row := range m.Markup.InlineKeyboard {
					for _, b := range row {
						if strings.Contains(b.Text, label) {
							msgID, data = m.MessageID, b.CallbackData
							return true
						}
					}
				}
			}
		}
		return false
	})
	if err != nil {
		w.t.Fatalf("no button %q in chat %d: %v", label, chat, err)
	}
	return msgID, data
}

// answered waits for the bot's answer to a press.
func (w *world) answered(chat int64, msg int, query string) telegramtest.Press {
	w.t.Helper()
	var got telegramtest.Press
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for _, m := range msgs {
			for _, p := range m.Presses {
				if p.QueryID == query && p.Answered {
					got = p
					return true
				}
			}
		}
		return false
	})
	if err != nil {
		w.t.Fatalf("the press was never answered: %v", err)
	}
	return got
}

// buttonsOf lists the labels of a message's inline buttons.
func buttonsOf(b telegramtest.Bubble) string {
	if b.Markup == nil {
		return ""
	}
	var labels []string
	for _, row := range b.Markup.InlineKeyboard {
		for _, btn := range row {
			labels = append(labels, btn.Text)
		}
	}
	return strings.Join(labels, " | ")
}

// tgUser adds a stand-in user who is bound to nothing.
func (w *world) tgUser(id int64, name string) {
	w.tg.AddUser(telegramtest.User{ID: id, FirstName: name, LanguageCode: "zh-hans"})
}

// botMessages are the texts the bot sent to a chat.
func (w *world) botMessages(chat int64) []string {
	v, err := w.tg.View(chat)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []string
	for _, m := range v.Messages {
		if m.FromBot {
			out = append(out, m.Text)
		}
	}
	return out
}

func groupOf(id int64, title string, members ...int64) telegramtest.Group {
	return telegramtest.Group{ID: id, Title: title, Members: members}
}

// waitMessage waits until message id of chat meets cond, and reports
// whether it did within the deadline.
func (w *world) waitMessage(chat int64, id int, cond func(telegramtest.Bubble) bool) bool {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := w.tg.WaitFor(ctx, chat, func(msgs []telegramtest.Bubble) bool {
		for _, m := range msgs {
			if m.MessageID == id {
				return cond(m)
			}
		}
		return false
	})
	return err == nil
}
