package main

import (
	"context"
	"net/http"
	"time"

	"github.com/uptrace/bun"

	"govmedia/approvals"
	"govmedia/audit"
	"govmedia/bot"
	"govmedia/citizens"
	"govmedia/keyring"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/web"
	"govmedia/wechat"
)

// services are the running parts of `serve` and `sandbox`: the web
// server, the job queue's workers, and the bot when there is a token.
type services struct {
	app       *App
	web       *web.Server
	queue     *postgres.Queue
	bot       *bot.Bot
	publisher *publish.Publisher
	callback  *wechat.Callback // the accounts' WeChat callback; domains register their handlers on it
	citizens  *citizens.Citizens
}

// startServices builds the running parts; run starts them.
func startServices(ctx context.Context, app *App, botOpts bot.Options) (*services, error) {
	if err := wechat.Configure(app.cfg.WeChatAPIURL, 30*time.Second); err != nil {
		return nil, err
	}
	queue, err := postgres.NewQueue(app.db)
	if err != nil {
		return nil, err
	}
	app.registry.AddJobs(queue, registry.CloseEvery)
	app.cfg.tuneQueue(queue)
	s := &services{app: app, queue: queue,
		web: web.New(app.registry, func(ctx context.Context) error { return app.db.PingContext(ctx) }, app.log)}
	guard := web.DefaultGuard()
	guard.TrustedProxies = app.cfg.TrustedProxies
	s.web.SetGuard(guard)
	s.web.SetCatalog(app.catalog)
	s.publisher = publish.NewPublisher(app.db.DB, app.registry, app.engine, queue, app.box, app.registry.Now, app.log, app.cfg.tunePublishing(app.publishing))
	app.catalog.OnCurrent = s.publisher.OnCatalogCurrent(app.cfg.PublicURL)
	s.publisher.Content = app.content
	s.callback, err = wechat.NewCallback(wechat.CallbackDeps{DB: app.db.DB, Clients: s.publisher.WeChat(), Queue: queue,
		Metrics: s.web.Metrics(), Now: app.registry.Now, Log: app.log})
	if err != nil {
		return nil, err
	}
	s.publisher.AnswerJobEvents(s.callback)
	s.citizens = citizens.New(app.db.DB, app.registry, app.box, app.catalog, s.publisher, app.calendar(), app.registry.Now,
		citizens.Options{PublicURL: app.cfg.PublicURL})
	s.citizens.Answer(s.callback)
	s.citizens.SendReplies(queue, citizens.WeChatSender(s.publisher.WeChat()))
	s.citizens.Schedule(queue)
	s.citizens.UseWeChat(queue, s.publisher.WeChat())
	app.over.UseWeChat(s.publisher.WeChat())
	app.over.Schedule(queue)
	s.web.HandleCallback("/wechat/{appid}", s.callback)
	s.web.ServePolicies(s.publisher)
	s.web.Handle("GET /audit/checkpoints", audit.CheckpointsHandler(app.db.DB, checkpointInterval))
	s.web.Metrics().MustRegister(postgres.NewGauges(app.db.DB, gauges()...))
	if botOpts.Token != "" {
		s.bot, err = bot.New(ctx, botOpts, bot.Deps{DB: app.db.DB, Registry: app.registry, Engine: app.engine,
			Queue: queue, Log: app.log, Box: app.box, WeChat: app.binder(), Publisher: s.publisher,
			Catalog: app.catalog, Citizens: s.citizens, Oversight: app.over})
		if err != nil {
			return nil, err
		}
		s.web.Handle("POST /telegram/webhook", s.bot.WebhookHandler())
		s.web.Report("telegram", s.bot.Status)
	}
	return s, nil
}

// run starts the metrics, the workers, the audit sealer and the bot, and
// serves HTTP until ctx ends; then it stops them all at once, each with a
// short grace for what it has under way (see stopGrace), so that a SIGTERM
// ends the process well within the 30 s an orchestrator waits before
// killing it.
func (s *services) run(ctx context.Context, env *cliEnv, h http.Handler) error {
	// Why a context of its own: when serving fails at once (the port is
	// taken), the bot and the workers must stop too, not wait for a signal.
	ctx, stopAll := context.WithCancel(ctx)
	defer stopAll()
	metricsDone, err := serveMetrics(ctx, env, s.web.MetricsHandler())
	if err != nil {
		return err
	}
	defer func() { stopAll(); <-metricsDone }()
	// The workers' context is not ctx: cancelling it would cancel every
	// job at once, where stopQueue first lets them finish.
	if err := s.queue.Start(context.WithoutCancel(ctx), s.app.db, s.app.cfg.Workers, s.app.log); err != nil {
		return err
	}
	go audit.SealEvery(ctx, s.app.db.DB, time.Second, s.app.log)
	go audit.CheckpointEvery(ctx, s.app.db.DB, s.app.box, checkpointInterval, s.app.registry.Now, s.app.log)
	go keyring.Follow(ctx, s.app.db, s.app.box, time.Minute, s.app.log)
	botDone := make(chan struct{})
	go func() {
		defer close(botDone)
		if s.bot != nil {
			if err := s.runBot(ctx); err != nil {
				s.app.log.Error("bot stopped", "err", err)
			}
		}
	}()
	queueDone := make(chan error, 1)
	go func() { <-ctx.Done(); queueDone <- s.stopQueue() }()
	err = listenAndServe(ctx, env, h)
	stopAll()
	<-botDone
	if qerr := <-queueDone; qerr != nil && err == nil {
		err = qerr
	}
	return err
}

// stopGrace is how long requests and jobs under way may go on once the
// service is told to stop, before their contexts are cancelled (the bot
// gives its updates as long, see bot.Run); stopHard is how long cancelled
// jobs then have to end.
const (
	stopGrace = 5 * time.Second
	stopHard  = 5 * time.Second
)

// stopQueue lets running jobs finish for stopGrace, then cancels them and
// ends the WeChat calls in flight, which silenceper makes without a context.
func (s *services) stopQueue() error {
	soft, cancel := context.WithTimeout(context.Background(), stopGrace)
	defer cancel()
	if err := s.queue.Stop(soft); err == nil {
		return nil
	}
	s.app.log.Warn("jobs still running after the grace: cancelling them")
	wechat.AbortCalls()
	hard, cancelHard := context.WithTimeout(context.Background(), stopHard)
	defer cancelHard()
	return s.queue.Cancel(hard)
}

// binder is the credentials binder the bot uses: the App's own when a
// command gave it one, else the platform's.
func (a *App) binder() bot.CredentialBinder {
	if a.wechatBinder != nil {
		return a.wechatBinder
	}
	return credentialBinder{app: a}
}

// credentialBinder lets the bot check and store WeChat credentials.
type credentialBinder struct{ app *App }

func (c credentialBinder) CheckWeChat(ctx context.Context, appID, secret string) error {
	return wechat.CheckCredentials(ctx, appID, secret)
}

func (c credentialBinder) BindWeChat(ctx context.Context, tx bun.Tx, accountID int64, creds bot.WeChatCredentials) error {
	return wechat.StoreCredentials(ctx, tx, c.app.box, wechat.Credentials{AccountID: accountID, AppID: creds.AppID,
		AppSecret: creds.AppSecret, Token: creds.Token, EncodingAESKey: creds.EncodingAESKey}, c.app.registry.Now())
}

// gauges are the metrics read from the database at each scrape, the same
// on every replica: the queue, the register, approvals, deliveries and
// citizens' questions.
func gauges() []postgres.Gauge {
	var out []postgres.Gauge
	for _, part := range [][]postgres.Gauge{postgres.QueueGauges(), registry.Gauges(), approvals.Gauges(), publish.Gauges(), citizens.Gauges()} {
		out = append(out, part...)
	}
	return out
}

// tuneQueue applies GOVMEDIA_QUEUE_DEAD_AFTER: a heartbeat six times
// within it, as with the defaults.
func (c *Config) tuneQueue(q *postgres.Queue) {
	if c.QueueDeadAfter > 0 {
		q.DeadAfter, q.Heartbeat = c.QueueDeadAfter, c.QueueDeadAfter/6
	}
}

// tunePublishing applies GOVMEDIA_PUBLISH_POLL_EVERY to t: publishes are
// checked that often, lost finish events looked for twice as seldom, and a
// submit of unknown outcome looked for four times as long before it is
// made again (publish's defaults keep these ratios).
func (c *Config) tunePublishing(t publish.Tuning) publish.Tuning {
	if c.PublishPollEvery > 0 {
		t.PollEvery, t.SweepEvery, t.SubmitGrace = c.PublishPollEvery, 2*c.PublishPollEvery, 4*c.PublishPollEvery
	}
	return t
}
