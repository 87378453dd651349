package web_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia/postgres/pgtest"
	"govmedia/registry/registrytest"
	"govmedia/web"
)

// TestBenchPublicPages measures the directory and verify pages, rendered
// whole and fetched over HTTP, with 150,000 accounts in the database: the
// p99 of a mix of what people ask (the first page, a page further on, a
// platform, part of a name; an official name, an impostor's in
// traditional characters, with a space or an added word, a name no
// account has). It runs only under `make bench` (GOVMEDIA_BENCH=1).
func TestBenchPublicPages(t *testing.T) {
	pgtest.Bench(t)
	const accounts, requests = 150_000, 1500
	ts, env := newServerWith(t, func(s *web.Server) { s.SetGuard(web.Guard{}) }) // one client, no allowance to spend
	start := time.Now()
	seedPublicAccounts(t, env, accounts)
	t.Logf("%d accounts seeded in %v", accounts, time.Since(start).Round(time.Millisecond))
	names := sampleNames(t, env, 500)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, page := range []struct {
		name string
		urls func(*rand.Rand, []string, int) []string
	}{
		{"directory page", directoryURLs},
		{"verify page", verifyURLs},
	} {
		urls := page.urls(rng, names, requests)
		lat, slowest := timePages(t, ts.URL, urls)
		t.Logf("%s: the slowest %q", page.name, slowest)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		t.Logf("%s over %d accounts: p50 %v, p99 %v, max %v", page.name, accounts, p50, p99, lat[len(lat)-1])
		ms := float64(p99.Microseconds()) / 1000
		pgtest.BenchRow(page.name+" p99 over 150,000 accounts", ms, "ms", "< 20", ms < 20)
		pgtest.BenchRow(page.name+" p50 over 150,000 accounts", float64(p50.Microseconds())/1000, "ms", "-", true)
	}
}

// seedPublicAccounts writes n accounts in one statement, spread over the
// sample tree's orgs and five platforms, named after their host and a
// topic (五华区人民政府发布1234); one in ten is closed.
func seedPublicAccounts(t *testing.T, env *registrytest.Env, n int) {
	t.Helper()
	ctx := context.Background()
	_, err := env.DB.ExecContext(ctx, `
		WITH o AS (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code, name FROM orgs),
		     d AS (SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM domains)
		INSERT INTO accounts (platform, wechat_kind, name, original_id, host_org, domains, state, created_at, updated_at)
		SELECT p.platform, CASE WHEN p.platform = 'wechat_oa' THEN 'subscription' END,
		       o.name || (ARRAY['发布','教育','民政','健康','文旅','政务','应急','税务'])[1 + i % 8] || i,
		       CASE WHEN p.platform = 'wechat_oa' THEN 'gh_' || lpad(to_hex(i), 12, '0') END,
		       o.code, ARRAY[d.code], CASE WHEN i % 10 = 0 THEN 'closed' ELSE 'active' END, now(), now()
		FROM generate_series(1, ?) AS i
		JOIN o ON o.k = i % (SELECT count(*) FROM orgs)
		JOIN d ON d.k = i % (SELECT count(*) FROM domains)
		CROSS JOIN LATERAL (SELECT (ARRAY['wechat_oa','weibo','douyin','toutiao','bilibili'])[1 + (i / 7) % 5] AS platform) p`, n)
	if err != nil {
		t.Fatalf("seeding %d accounts: %v", n, err)
	}
	if _, err := env.DB.ExecContext(ctx, "ANALYZE accounts"); err != nil {
		t.Fatal(err)
	}
}

func sampleNames(t *testing.T, env *registrytest.Env, n int) []string {
	t.Helper()
	var names []string
	err := env.DB.NewRaw("SELECT name FROM accounts WHERE state = 'active' ORDER BY random() LIMIT ?", n).Scan(context.Background(), &names)
	if err != nil || len(names) < n {
		t.Fatalf("sampling names: %v (%d)", err, len(names))
	}
	return names
}

// directoryURLs is a mix of directory pages: the first, one further on,
// a platform's, two to four characters of a name, with or without a
// platform, in either language.
func directoryURLs(rng *rand.Rand, names []string, n int) []string {
	platforms := []string{"", "", "", "wechat_oa", "weibo", "douyin"}
	out := make([]string, n)
	for i := range out {
		name := []rune(names[rng.IntN(len(names))])
		size := 2 + rng.IntN(3)
		from := rng.IntN(len(name) - size)
		q := "?q=" + urlq(string(name[from:from+size])) + "&platform=" + platforms[rng.IntN(len(platforms))]
		switch rng.IntN(10) {
		case 0:
			q = ""
		case 1:
			q = fmt.Sprintf("?after=%d", rng.IntN(140_000))
		case 2:
			q = "?platform=" + platforms[3+rng.IntN(3)]
		case 3:
			q += "&lang=en"
		}
		out[i] = "/" + q
	}
	return out
}

// traditional are the traditional forms of the seeded names' characters
// that have one.
var traditional = strings.NewReplacer("华", "華", "发", "發", "区", "區", "务", "務", "应", "應", "税", "稅", "县", "縣",
	"门", "門", "龙", "龍", "东", "東", "阳", "陽", "岭", "嶺", "厅", "廳", "体", "體", "办", "辦", "卫", "衛", "员", "員", "会", "會")

// verifyURLs is a mix of verify pages: an official name, an impostor's
// (traditional characters, a space, an added word), a name no account
// has, part of a name.
func verifyURLs(rng *rand.Rand, names []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		name := names[rng.IntN(len(names))]
		r := []rune(name)
		q := name
		switch rng.IntN(6) {
		case 1:
			q = traditional.Replace(name)
		case 2:
			at := 1 + rng.IntN(len(r)-1)
			q = string(r[:at]) + " " + string(r[at:])
		case 3:
			q = name + []string{"官方", "平台", "服务号", "公众号"}[rng.IntN(4)]
		case 4:
			q = string(r[:len(r)-1]) + "不存在"
		case 5:
			q = string(r[:2+rng.IntN(3)])
		}
		out[i] = "/verify?q=" + urlq(q)
	}
	return out
}

// timePages fetches each page once, after a few to warm the caches as a
// running service has them, and returns the sorted latencies and the
// slowest pages.
func timePages(t *testing.T, base string, urls []string) ([]time.Duration, []string) {
	t.Helper()
	fetchPage := func(u string) time.Duration {
		start := time.Now()
		resp, err := http.Get(base + u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: reading the page: %v", u, err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", u, resp.StatusCode)
		}
		return time.Since(start)
	}
	for _, u := range urls[:50] {
		fetchPage(u)
	}
	type timed struct {
		d   time.Duration
		url string
	}
	all := make([]timed, len(urls))
	for i, u := range urls {
		all[i] = timed{fetchPage(u), u}
	}
	slices.SortFunc(all, func(a, b timed) int { return int(a.d - b.d) })
	lat := make([]time.Duration, len(all))
	for i, x := range all {
		lat[i] = x.d
	}
	var slowest []string
	for _, x := range all[max(0, len(all)-5):] {
		q, _ := url.QueryUnescape(x.url)
		slowest = append(slowest, fmt.Sprintf("%s %v", q, x.d.Round(time.Millisecond)))
	}
	return lat, slowest
}
