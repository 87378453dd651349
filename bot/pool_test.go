package bot_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"sync"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/bot"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestMoreDecisionsThanConnectionsAllFinish runs twenty decisions at once
// (passes, final approvals that create accounts, publications fanned out,
// returns, rejections, withdrawals by an admin) on a pool of four
// connections, with the bot's and the publisher's listeners hearing every
// one. A decision holds its connection and its row locks until it commits:
// a listener or a policy reading through the pool instead of the decision's
// transaction would wait for a second connection, for ever once every
// connection is held by a decision.
func TestMoreDecisionsThanConnectionsAllFinish(t *testing.T) {
	env := registrytest.NewWithPool(t, 4)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	q, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	pub := publish.NewPublisher(env.DB.DB, env.Registry, engine, q, env.Box, env.Clock.Now, slog.Default(), publish.Tuning{})
	bot.Listen(bot.Deps{DB: env.DB.DB, Registry: env.Registry, Engine: engine, Queue: q, Log: slog.Default(), Now: env.Clock.Now})
	decisions := pendingDecisions(t, env, engine, pub)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := make(chan struct{})
	errs := make(chan error, len(decisions))
	var wg sync.WaitGroup
	for _, decide := range decisions {
		wg.Go(func() {
			<-start
			errs <- decide(ctx)
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	close(start)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cancel() // let the stuck ones go, so that the database can be dropped
		t.Fatalf("%d decisions at once on a pool of 4 connections did not all finish within 20 s: a read inside a transaction went through the pool", len(decisions))
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a decision failed: %v", err)
		}
	}
}

// pendingDecisions submits what the decisions decide, one at a time, and
// returns the decisions, to be run at once.
func pendingDecisions(t *testing.T, env *registrytest.Env, engine *approvals.Engine, pub *publish.Publisher) []func(context.Context) error {
	ctx := context.Background()
	county := env.Member(t, "km.wuhua.dept.edu", registry.Operator, "区教育局运营")
	city := env.Member(t, "km.dept.jyt", registry.Operator, "市教育局运营")
	reviewer := env.Member(t, "km.wuhua.office", registry.Reviewer, "区政府办审核")
	approver := env.Member(t, "km.office", registry.Approver, "市政府办审批")
	admin := env.Member(t, "km.office", registry.Admin, "市政府办管理员")
	target := registrytest.WeChat("市教育体育局发布")
	target.OriginalID, target.AppID = "gh_000000000777", "wx0000000000000777"
	if _, err := env.Registry.CreateAccount(ctx, env.DB, "km.dept.jyt", target, registry.Active,
		registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"}); err != nil {
		t.Fatal(err)
	}
	submit := func(by *registry.Member, name string) *approvals.Application {
		f := registrytest.WeChat(name)
		f.SecondAccountReason = "测试"
		app, err := engine.SubmitOpen(ctx, by, f)
		if err != nil {
			t.Fatal(err)
		}
		return app
	}
	decide := func(by *registry.Member, app *approvals.Application, v approvals.Verdict) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := engine.Decide(ctx, by, app.PendingStep().ID, v, "理由")
			return err
		}
	}
	var out []func(context.Context) error
	for i, v := range []approvals.Verdict{approvals.Approve, approvals.Approve, approvals.Approve, approvals.Approve,
		approvals.Return, approvals.Return, approvals.Reject, approvals.Reject} {
		out = append(out, decide(reviewer, submit(county, fmt.Sprintf("五华教育%d", i)), v))
	}
	for i := range 4 {
		out = append(out, decide(approver, submit(city, fmt.Sprintf("昆明教育%d", i)), approvals.Approve))
	}
	for i := range 4 {
		_, app, err := pub.Submit(ctx, city, publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: "km.dept.jyt"},
			Articles: []publish.DraftArticle{{Title: fmt.Sprintf("通知%d", i), Body: "<p>各单位：请做好安全工作。</p>", Cover: grayJPEG()}}})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, decide(approver, app, approvals.Approve))
	}
	for i := range 4 {
		app := submit(county, fmt.Sprintf("撤回%d", i))
		out = append(out, func(ctx context.Context) error { _, err := engine.Withdraw(ctx, admin, app.ID); return err })
	}
	return out
}

func grayJPEG() []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 30, 20)), nil)
	return b.Bytes()
}
