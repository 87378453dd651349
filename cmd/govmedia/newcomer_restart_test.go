package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/postgres"
	"govmedia/publish"
	"govmedia/publish/wechattest"
	"govmedia/registry"
)

// TestASandboxKilledMidDeliveryFinishesItOnceAfterARestart runs `govmedia
// sandbox` from a closed home, approves a notice to the three accounts of
// 五华区, and kills the sandbox with SIGKILL while WeChat publishes it.
// Started again, the sandbox finishes every delivery, none failed: the
// WeChat stand-in still has the drafts, covers, tokens and publications
// under way, and each account got one draft and one publication in all;
// the chat from before the kill is still on the page.
func TestASandboxKilledMidDeliveryFinishesItOnceAfterARestart(t *testing.T) {
	n := newNewcomer(t, nil)
	first := n.start("/sandbox/identities", "sandbox")
	chat := n.chatWithTheBot(sbOperator, "/start")
	pubID := n.approveANotice()
	n.waitDeliveries(pubID, "one delivery waiting on WeChat's publication", func(states map[string]int) bool {
		return states[string(publish.Waiting)] > 0
	})
	first.kill()

	n.env = replaceEnv(n.env, "GOVMEDIA_HTTP_ADDR", freeAddr(t)) // the callbacks move with the service
	second := n.start("/sandbox/identities", "sandbox")
	n.waitDeliveries(pubID, "all three delivered", func(states map[string]int) bool {
		return states[string(publish.Delivered)] == 3
	})
	articles := n.articleIDs(pubID)
	if after := n.chat(sbOperator); len(after.Messages) < len(chat.Messages) || asJSONText(after.Messages[:len(chat.Messages)]) != asJSONText(chat.Messages) {
		t.Fatalf("王芳's chat after the restart:\n%s\nwant it to begin with what it showed before the kill:\n%s", asJSONText(after.Messages), asJSONText(chat.Messages))
	}
	second.stop()

	wx, err := wechattest.Open(filepath.Join(n.work, "data", "sandbox", "wechat"), wechattest.Options{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer wx.Close()
	for _, s := range sandboxAccounts[:3] {
		appID := sandboxCredentials(s.name).AppID
		c := wx.Counts(appID)
		if c.DraftsAdded != 1 || c.PublishesSubmitted != 1 {
			t.Errorf("%s: %d drafts and %d publications on WeChat across the kill, want one of each", s.name, c.DraftsAdded, c.PublishesSubmitted)
		}
		if _, ok := wx.Published(appID, articles[s.name]); !ok {
			t.Errorf("%s: the article %q the delivery names is not published on WeChat", s.name, articles[s.name])
		}
	}
}

// sandboxDB opens the running sandbox's database, as another replica
// would: through the data directory, sharing its private server.
func (n *newcomer) sandboxDB() (*postgres.DB, *govmedia.SecretBox) {
	n.t.Helper()
	ctx := context.Background()
	data := filepath.Join(n.work, "data", "sandbox")
	srv, err := postgres.StartServer(ctx, filepath.Join(data, "postgres"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		n.t.Fatal(err)
	}
	db := openDB(n.t, srv.URL())
	raw, err := os.ReadFile(filepath.Join(data, "secret.key"))
	if err != nil {
		n.t.Fatal(err)
	}
	key, err := govmedia.ParseSecretKey(strings.TrimSpace(string(raw)))
	if err != nil {
		n.t.Fatal(err)
	}
	box, err := govmedia.NewSecretBox(key)
	if err != nil {
		n.t.Fatal(err)
	}
	return db, box
}

// approveANotice has 王芳 submit a notice to the accounts of 五华区 and 李强
// approve it, and returns the publication's id.
func (n *newcomer) approveANotice() int64 {
	n.t.Helper()
	ctx := context.Background()
	db, box := n.sandboxDB()
	reg := registry.New(db.DB, box, nil)
	engine := approvals.New(db.DB, reg, nil, approvals.Options{})
	q, err := postgres.NewQueue(db)
	if err != nil {
		n.t.Fatal(err)
	}
	pub := publish.NewPublisher(db.DB, reg, engine, q, box, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), publish.Tuning{})
	operator, err := reg.MemberByTelegram(ctx, sbOperator)
	if err != nil {
		n.t.Fatal(err)
	}
	reviewer, err := reg.MemberByTelegram(ctx, sbReviewer)
	if err != nil {
		n.t.Fatal(err)
	}
	p, app, err := pub.Submit(ctx, operator, publish.Draft{Mode: publish.Publish, Targets: publish.Targets{Org: "km.wuhua", Descendants: true},
		Articles: []publish.DraftArticle{{Title: "关于做好冬季安全工作的通知", Body: "<p>请各单位做好冬季安全工作。</p>", Format: "html"}}})
	if err != nil {
		n.t.Fatal(err)
	}
	if _, err := engine.Decide(ctx, reviewer, app.PendingStep().ID, approvals.Approve, ""); err != nil {
		n.t.Fatal(err)
	}
	return p.ID
}

// waitDeliveries waits up to two minutes until the publication's
// deliveries, counted by state, satisfy cond; none may fail meanwhile.
func (n *newcomer) waitDeliveries(pubID int64, what string, cond func(map[string]int) bool) {
	n.t.Helper()
	db, _ := n.sandboxDB()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var rows []struct {
			State string `bun:"state"`
			Error string `bun:"error"`
		}
		err := db.NewRaw("SELECT state, error FROM deliveries WHERE publication_id = ?", pubID).Scan(context.Background(), &rows)
		states := map[string]int{}
		for _, r := range rows {
			states[r.State]++
			if r.State == string(publish.Failed) {
				n.t.Fatalf("a delivery failed (%s) while waiting for %s", r.Error, what)
			}
		}
		if err == nil && len(rows) == 3 && cond(states) {
			return
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("waited two minutes for %s; the deliveries are %v (%v)", what, states, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// articleIDs names each delivery's WeChat article by account.
func (n *newcomer) articleIDs(pubID int64) map[string]string {
	n.t.Helper()
	db, _ := n.sandboxDB()
	var rows []struct {
		Name      string `bun:"name"`
		ArticleID string `bun:"article_id"`
	}
	err := db.NewRaw("SELECT a.name, d.article_id FROM deliveries d JOIN accounts a ON a.id = d.account_id WHERE d.publication_id = ?", pubID).
		Scan(context.Background(), &rows)
	if err != nil {
		n.t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Name] = r.ArticleID
	}
	return out
}

// replaceEnv sets name=value in env.
func replaceEnv(env []string, name, value string) []string {
	out := []string{name + "=" + value}
	for _, kv := range env {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}
