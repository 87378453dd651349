package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"govmedia/registry"
	"govmedia/registry/registrytest"
)

// TestVerifySaysAnImpostorIsNotOfficialAndNamesTheAccount: a name in
// traditional characters, with a space or with an added word is not
// official, and the page and the API name the official account it
// imitates, with its unit, in Chinese and in English.
func TestVerifySaysAnImpostorIsNotOfficialAndNamesTheAccount(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t)
	for _, q := range []string{"五華教育", "五华 教育", "五华教育官方", "五华教育服务平台"} {
		_, page := get(t, ts.URL+"/verify?q="+urlq(q))
		mustContain(t, "verify "+q, page, "“"+q+"”不是官方账号", "它模仿的是五华区教育体育局的官方账号“五华教育”（微信公众号）",
			`<a class="name" href="/accounts/1">五华教育</a>`)
		if strings.Contains(page, "是经审批登记的政务新媒体账号。</h2>") {
			t.Errorf("verify %s: the page says it is official", q)
		}
	}
	_, page := get(t, ts.URL+"/verify?lang=en&q="+urlq("五華教育"))
	mustContain(t, "verify in English", page, `<html lang="en">`, "“五華教育” is not an official account.",
		"It imitates “五华教育”, the official account of 五华区教育体育局 (WeChat official account).", `<a class="name" href="/accounts/1?lang=en">五华教育</a>`)
	_, body := get(t, ts.URL+"/api/v1/verify?q="+urlq("五華教育"))
	var v registry.Verdict
	if json.Unmarshal([]byte(body), &v) != nil || v.Official || len(v.Imitates) != 1 || v.Imitates[0].Name != "五华教育" ||
		v.Imitates[0].HostOrgName != "五华区教育体育局" {
		t.Errorf("verify API for 五華教育: %s; want not official, imitating 五华教育 of 五华区教育体育局", body)
	}
}

// TestThePublicPagesAreChineseUnlessEnglishIsAsked: without a language
// the pages, their header and footer are Chinese; ?lang=en or an English
// browser gets them in English, and the links carry the choice.
func TestThePublicPagesAreChineseUnlessEnglishIsAsked(t *testing.T) {
	t.Parallel()
	ts, _ := newServer(t)
	for _, path := range []string{"/", "/verify", "/accounts/1"} {
		_, zh := get(t, ts.URL+path)
		mustContain(t, path+" in Chinese", zh, `<html lang="zh-CN">`, "政务新媒体名录", `<a href="/verify?lang=zh">官方账号查验</a>`, "本名录仅列出")
		for _, english := range []string{"Directory", "Verify", "Host unit", "Only government"} {
			if strings.Contains(zh, english) {
				t.Errorf("%s in Chinese shows %q", path, english)
			}
		}
		_, en := get(t, ts.URL+path+"?lang=en")
		mustContain(t, path+" in English", en, `<html lang="en">`, "Government new-media directory", `<a href="/verify?lang=en">Verify an account</a>`,
			"Only government new-media accounts", `lang="zh-CN">中文</a>`)
		_, browser := fetch(t, ts.URL+path, "Accept-Language", "en-US,en;q=0.9")
		mustContain(t, path+" for an English browser", browser, `<html lang="en">`)
	}
	_, page := get(t, ts.URL+"/?lang=en&q="+urlq("五华"))
	mustContain(t, "the directory's search in English", page, "Accounts whose name or original id holds “五华”", `href="/accounts/1?lang=en"`,
		`<input type="hidden" name="lang" value="en">`, `<label for="q">`, `<label class="inline" for="platform">`)
}

// TestAnAccountPageShowsItsUnitIdentifiersDomainsAndArticles: the page
// holds what the public may know, the latest delivered articles newest
// first, and nothing about the person in charge.
func TestAnAccountPageShowsItsUnitIdentifiersDomainsAndArticles(t *testing.T) {
	t.Parallel()
	ts, env := newServer(t)
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	deliverArticles(t, env, 1, at, "冬季学生防溺水提醒", "2027年义务教育招生政策解读")
	_, page := get(t, ts.URL+"/accounts/1")
	mustContain(t, "the account page", page, "<h1>五华教育</h1>", `<dd class="unit">五华区教育体育局</dd>`, "微信公众号（订阅号）",
		"<dd>gh_0123456789ab</dd>", "<dd>义务教育</dd>", "✓ 经审批登记的政务新媒体账号", "最近发布",
		`<a href="https://mp.weixin.qq.com/s/article-2" rel="noopener">2027年义务教育招生政策解读</a>`, `datetime="2026-11-21T10:00:00Z">2026-11-21</time>`)
	if i, j := strings.Index(page, "2027年义务教育"), strings.Index(page, "冬季学生"); i < 0 || j < 0 || i > j {
		t.Errorf("the newest article is not listed first")
	}
	for _, private := range []string{"王五", "13987654321"} {
		if strings.Contains(page, private) {
			t.Errorf("the account page shows %q", private)
		}
	}
	_, other := get(t, ts.URL+"/accounts/2")
	mustContain(t, "an account with nothing published", other, "还没有经本平台发布的文章")
}

// deliverArticles writes, for the account, one delivered publication a
// day from at on, each titled in turn.
func deliverArticles(t testing.TB, env *registrytest.Env, accountID int64, at time.Time, titles ...string) {
	t.Helper()
	member := env.Member(t, "km.office", registry.Operator, "市政府办运营")
	ctx := context.Background()
	for i, title := range titles {
		when := at.Add(time.Duration(i) * 24 * time.Hour)
		var pubID int64
		err := env.DB.NewRaw(`INSERT INTO publications (kind, issuing_org, created_by, mode, targets, state, created_at, approved_at)
			VALUES ('notice', 'km.office', ?, 'publish', '{}', 'done', ?, ?) RETURNING id`, member.ID, when, when).Scan(ctx, &pubID)
		if err == nil {
			_, err = env.DB.ExecContext(ctx, `INSERT INTO publication_articles (publication_id, position, title, content, cover, cover_name)
				VALUES (?, 0, ?, '<p>正文</p>', '\x00', 'cover.jpg')`, pubID, title)
		}
		if err == nil {
			_, err = env.DB.ExecContext(ctx, `INSERT INTO deliveries (publication_id, account_id, state, article_url, created_at, updated_at, finished_at)
				VALUES (?, ?, 'delivered', ?, ?, ?, ?)`, pubID, accountID, fmt.Sprintf("https://mp.weixin.qq.com/s/article-%d", i+1), when, when, when)
		}
		if err != nil {
			t.Fatalf("delivering %s: %v", title, err)
		}
	}
}

// TestThePublicPagesAreCacheable: each page carries a validator; the
// same page asked again with it is a 304 with the page's policy, and a
// change to what it shows, or another language, changes it.
func TestThePublicPagesAreCacheable(t *testing.T) {
	t.Parallel()
	ts, env := newServer(t)
	for _, path := range []string{"/", "/verify?q=" + urlq("五華教育"), "/accounts/1"} {
		resp, _ := fetch(t, ts.URL+path)
		tag := resp.Header.Get("ETag")
		if tag == "" || resp.Header.Get("Cache-Control") != "public, no-cache" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("%s: ETag %q, Cache-Control %q, Vary %q; want a validator, revalidated each time, by language", path,
				tag, resp.Header.Get("Cache-Control"), resp.Header.Get("Vary"))
			continue
		}
		again, body := fetch(t, ts.URL+path, "If-None-Match", tag)
		if again.StatusCode != http.StatusNotModified || body != "" || again.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s asked again with its ETag: %d, %d bytes; want 304 with the page's policy", path, again.StatusCode, len(body))
		}
		if en, _ := fetch(t, ts.URL+path, "Accept-Language", "en"); en.Header.Get("ETag") == tag {
			t.Errorf("%s: the English page has the Chinese page's ETag", path)
		}
	}
	before, _ := fetch(t, ts.URL+"/accounts/1")
	if _, err := env.DB.ExecContext(context.Background(), "UPDATE accounts SET operating_unit = '五华区融媒体中心' WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	after, body := fetch(t, ts.URL+"/accounts/1", "If-None-Match", before.Header.Get("ETag"))
	if after.StatusCode != http.StatusOK || !strings.Contains(body, "五华区融媒体中心") {
		t.Errorf("the account page after a change, asked with the old ETag: %d; want 200 with the change", after.StatusCode)
	}
}

// TestThePublicPagesWeighUnder100KB: a directory page of 100 accounts with
// names and units as long as they come, a verify page with its similar
// accounts and an account page with its articles stay under 100 KB.
func TestThePublicPagesWeighUnder100KB(t *testing.T) {
	t.Parallel()
	ts, env := newServer(t)
	long := strings.Repeat("五华区教育体育局", 8) // 64 characters, the most a name holds
	_, err := env.DB.ExecContext(context.Background(), `INSERT INTO accounts (platform, name, platform_uid, host_org, domains, state, created_at, updated_at)
		SELECT 'weibo', left(?, 60) || i, 'uid' || lpad(i::text, 40, '0'), 'km.wuhua.dept.edu', ARRAY(SELECT code FROM domains), 'active', now(), now()
		FROM generate_series(1, 120) AS i`, long)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for i := range 12 {
		titles = append(titles, fmt.Sprintf("%s%d", strings.Repeat("关于做好冬季安全生产工作的通知", 4), i))
	}
	deliverArticles(t, env, 1, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), titles...)
	for _, path := range []string{"/?limit=100", "/?limit=100&lang=en", "/verify?q=" + urlq("五华区教育"), "/accounts/1", "/accounts/10"} {
		status, body := get(t, ts.URL+path)
		if status != 200 || len(body) > 100<<10 {
			t.Errorf("%s: %d, %d bytes; want 200 within 100 KB", path, status, len(body))
		}
	}
}
