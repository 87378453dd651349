package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestVerifySaysAClosedAccountWasOfficial closes an account at the end of
// its notice, with a successor: the verify page and the API say it was
// the host unit's official account, since when it is closed, and which
// account took over; the account's own page says the same.
func TestVerifySaysAClosedAccountWasOfficial(t *testing.T) {
	t.Parallel()
	ts, env := newServer(t)
	ctx := context.Background()
	create := func(name string) *registry.Account {
		f := registrytest.WeChat(name)
		f.SecondAccountReason = "合并前分设"
		a, err := env.Registry.CreateAccount(ctx, env.DB, "km.wuhua.dept.edu", f, registry.Active,
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.import"})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	old, next := create("五华教育旧号"), create("五华教育新号")
	err := env.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		return env.Registry.StartClosing(ctx, tx, old.ID, old.Version, registry.Closure{Reason: "合并", SuccessorID: next.ID, NoticeDays: 1},
			registry.Change{Actor: govmedia.Operator("test"), Action: "account.close"})
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(25 * time.Hour)
	if n, err := env.Registry.CloseDue(ctx); n != 1 || err != nil {
		t.Fatalf("closed %d (%v), want 1", n, err)
	}
	closedAt := govmedia.FormatTime(time.Date(2026, 11, 24, 9, 0, 0, 0, govmedia.ChinaTime))
	_, page := get(t, ts.URL+"/verify?q="+urlq("五华教育旧号"))
	for _, want := range []string{"该账号原为五华区教育体育局的政务新媒体账号", "已于 " + closedAt + " 关停", "现在不是官方账号", "承接账号", "五华教育新号"} {
		if !strings.Contains(page, want) {
			t.Errorf("the verify page lacks %q", want)
		}
	}
	_, en := get(t, ts.URL+"/verify?lang=en&q="+urlq("五华教育旧号"))
	mustContain(t, "the verify page in English", en, "It was an official account of 五华区教育体育局; closed since "+closedAt+", it is no longer official",
		"Succeeded by: ", `href="/accounts/`+itoa(next.ID)+`?lang=en">五华教育新号</a>`)
	_, body := get(t, ts.URL+"/api/v1/verify?q="+urlq("五华教育旧号"))
	var v struct {
		Official bool `json:"official"`
		Matches  []struct {
			State     string `json:"state"`
			Successor string `json:"successor"`
			Since     string `json:"closing_until"`
		} `json:"matches"`
	}
	if json.Unmarshal([]byte(body), &v) != nil || v.Official || len(v.Matches) != 1 || v.Matches[0].State != "closed" ||
		v.Matches[0].Successor != "五华教育新号" || v.Matches[0].Since == "" {
		t.Errorf("verify API: %s; want one closed match naming its successor, not official", body)
	}
	_, acc := get(t, ts.URL+"/accounts/"+itoa(old.ID))
	if !strings.Contains(acc, "已于 "+closedAt+" 关停") || !strings.Contains(acc, "五华教育新号") {
		t.Errorf("the closed account's page does not say since when it is closed and who took over")
	}
}
