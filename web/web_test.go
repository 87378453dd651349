package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"govmedia"
	"govmedia/approvals"
	"govmedia/catalog"
	"govmedia/postgres"
	"govmedia/postgres/pgtest"
	"govmedia/publish"
	"govmedia/registry/registrytest"
	"govmedia/web"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

const register = `账号名称,平台,公众号类型,原始ID,主办单位,负责人,联系电话,覆盖领域,状态
五华教育,微信公众号,订阅号,gh_0123456789ab,五华区教育体育局,王五,13987654321,义务教育,运营中
五华民政,微博,,,五华区民政局,赵六,0871-64445566,社会救助,运营中
<script>alert(1)</script>,抖音,,,五华区民政局,,,,运营中
华山街道旧号,微信公众号,订阅号,gh_bbbbbbbbbbbb,五华区华山街道办事处,,,,已关停
`

func newServer(t *testing.T) (*httptest.Server, *registrytest.Env) {
	t.Helper()
	return newServerWith(t, nil)
}

// newServerWith is newServer with configure applied to the server before
// it serves.
func newServerWith(t *testing.T, configure func(*web.Server)) (*httptest.Server, *registrytest.Env) {
	t.Helper()
	env := registrytest.New(t)
	_, err := env.Registry.ImportAccounts(context.Background(), govmedia.Operator("test"), strings.NewReader(register), "r.csv")
	if err != nil {
		t.Fatalf("seeding: %v", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := web.New(env.Registry, func(ctx context.Context) error { return env.DB.PingContext(ctx) }, log)
	engine := approvals.New(env.DB.DB, env.Registry, env.Clock.Now, approvals.Options{})
	srv.SetCatalog(catalog.New(env.DB.DB, env.Registry, engine, env.Clock.Now))
	queue, err := postgres.NewQueue(env.DB)
	if err != nil {
		t.Fatal(err)
	}
	srv.ServePolicies(publish.NewPublisher(env.DB.DB, env.Registry, engine, queue, env.Box, env.Clock.Now, log, publish.Tuning{}))
	if configure != nil {
		configure(srv)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, env
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestDirectoryShowsActiveAccountsWithPublicFieldsOnly(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t)
	status, body := get(t, ts.URL+"/api/v1/accounts?limit=2")
	var page struct {
		Accounts []map[string]any `json:"accounts"`
		Next     int64            `json:"next"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &page) != nil {
		t.Fatalf("GET accounts: %d %s", status, body)
	}
	if len(page.Accounts) != 2 || page.Next == 0 {
		t.Fatalf("first page %d accounts, next %d; want 2 and a cursor", len(page.Accounts), page.Next)
	}
	for _, secret := range []string{"13987654321", "王五", "64445566", "phone", "person_in_charge"} {
		if strings.Contains(body, secret) {
			t.Errorf("the public directory leaks %q", secret)
		}
	}
	_, rest := get(t, ts.URL+"/api/v1/accounts?limit=2&after="+itoa(page.Next))
	if strings.Contains(rest, "华山街道旧号") || !strings.Contains(rest, "script") {
		t.Errorf("second page %s: want the third active account and no closed one", rest)
	}
	if status, _ := get(t, ts.URL+"/api/v1/accounts?platform=myspace"); status != 400 {
		t.Errorf("unknown platform: status %d, want 400", status)
	}
}

func TestVerifyAnswersWhoseAccountItIs(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t)
	cases := []struct {
		q        string
		official bool
		matches  int
		similar  string // an official account offered to compare, when nothing matches
	}{
		{"gh_0123456789AB", true, 1, ""}, {"五华民政", true, 1, ""}, {"华山街道旧号", false, 1, ""},
		{"假冒五华教育", false, 0, ""}, {"五华", false, 0, "五华民政"},
	}
	for _, c := range cases {
		status, body := get(t, ts.URL+"/api/v1/verify?q="+urlq(c.q))
		var v struct {
			Official bool             `json:"official"`
			Matches  []map[string]any `json:"matches"`
			Similar  []map[string]any `json:"similar"`
		}
		if status != 200 || json.Unmarshal([]byte(body), &v) != nil || v.Official != c.official || len(v.Matches) != c.matches {
			t.Errorf("verify %q: %d %s; want official=%v with %d matches", c.q, status, body, c.official, c.matches)
		}
		names := []string{}
		for _, s := range v.Similar {
			names = append(names, s["name"].(string))
		}
		if (c.similar == "") != (len(names) == 0) || (c.similar != "" && !slices.Contains(names, c.similar)) {
			t.Errorf("verify %q: similar accounts %v; want %q among them", c.q, names, c.similar)
		}
	}
	status, body := get(t, ts.URL+"/api/v1/verify?q=&lang=en")
	if status != 400 || !strings.Contains(body, "enter an account name") {
		t.Errorf("empty query: %d %s, want 400 with an English reason", status, body)
	}
}

func TestPublicPagesEscapeAndExportCSV(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t)
	status, body := get(t, ts.URL+"/?q=script")
	if status != 200 || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") {
		t.Fatalf("directory page: %d; an account name must be shown escaped", status)
	}
	_, body = get(t, ts.URL+"/verify?q=gh_0123456789ab")
	if !strings.Contains(body, "是经审批登记的政务新媒体账号") {
		t.Errorf("verify page does not say the account is official")
	}
	_, body = get(t, ts.URL+"/verify?q="+urlq("五华"))
	if !strings.Contains(body, "名录中没有“五华”") || !strings.Contains(body, "名称相近的官方账号") || !strings.Contains(body, "五华民政") {
		t.Errorf("verify page for part of a name: want not found, then similar official accounts apart")
	}
	status, body = get(t, ts.URL+"/api/v1/accounts.csv")
	if status != 200 || !strings.HasPrefix(body, "\xef\xbb\xbf编号,账号名称") || !strings.Contains(body, "义务教育") || strings.Contains(body, "13987654321") {
		t.Errorf("CSV export: %d\n%s", status, body)
	}
}

func TestReadyzFailsWithoutTheDatabase(t *testing.T) {
	t.Parallel()
	env := registrytest.New(t)
	down := func(context.Context) error { return errors.New("connection refused") }
	srv := httptest.NewServer(web.New(env.Registry, down, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	if status, _ := get(t, srv.URL+"/readyz"); status != 503 {
		t.Fatalf("readyz with the database down: %d, want 503", status)
	}
	if status, _ := get(t, srv.URL+"/healthz"); status != 200 {
		t.Fatalf("healthz: %d, want 200", status)
	}
}
