package wechattest

import (
	"net/url"
	"strings"
	"testing"
)

func TestDraftValidation(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("dv")
	tok := h.token(a)
	cover := h.cover(tok)
	ok := Article{Title: "标题", Content: "正文", ThumbMediaID: cover}
	with := func(edit func(*Article)) []Article { x := ok; edit(&x); return []Article{x} }
	cases := []struct {
		name     string
		articles []Article
		want     int
	}{
		{"no articles", nil, CodeEmptyNews},
		{"nine articles", []Article{ok, ok, ok, ok, ok, ok, ok, ok, ok}, CodeTooManyArticles},
		{"no title", with(func(a *Article) { a.Title = "" }), CodeTitleEmpty},
		{"33-character title", with(func(a *Article) { a.Title = strings.Repeat("字", 33) }), CodeTitleTooLong},
		{"17-character author", with(func(a *Article) { a.Author = strings.Repeat("a", 17) }), CodeAuthorTooLong},
		{"129-character digest", with(func(a *Article) { a.Digest = strings.Repeat("d", 129) }), CodeDigestTooLong},
		{"20,000-character content", with(func(a *Article) { a.Content = strings.Repeat("文", 20000) }), CodeContentTooLong},
		{"no content", with(func(a *Article) { a.Content = "" }), CodeEmptyContent},
		{"unknown cover", with(func(a *Article) { a.ThumbMediaID = "nope" }), CodeInvalidMediaID},
		{"eight articles", []Article{ok, ok, ok, ok, ok, ok, ok, ok}, 0},
	}
	for _, c := range cases {
		wantCode(t, c.name, h.post("/cgi-bin/draft/add", tok, map[string]any{"articles": c.articles}), c.want)
	}
	if n := h.s.Counts(a.AppID).DraftsAdded; n != 1 {
		t.Fatalf("DraftsAdded = %d, want 1", n)
	}
}

func TestCoverOfAnotherAccountIsRefused(t *testing.T) {
	h := newHarness(t, Options{})
	a, b := h.account("one"), h.account("two")
	cover := h.cover(h.token(a))
	r := h.post("/cgi-bin/draft/add", h.token(b), map[string]any{"articles": []Article{{Title: "t", Content: "c", ThumbMediaID: cover}}})
	wantCode(t, "cover of another account", r, CodeInvalidMediaID)
}

func TestDraftBodyIsCleanedLikeWeChat(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("clean")
	tok := h.token(a)
	mmbiz := h.upload("/cgi-bin/media/uploadimg", tok, "", "in.jpg", 10).str("url")
	body := `<p>公告</p><script>alert(1)</script><img src="` + mmbiz + `"><img src="https://example.com/x.jpg">`
	r := h.post("/cgi-bin/draft/add", tok, map[string]any{"articles": []Article{{Title: "t", Content: body, ThumbMediaID: h.cover(tok)}}})
	wantCode(t, "draft/add", r, 0)
	got, _ := h.s.Draft(a.AppID, r.str("media_id"))
	want := `<p>公告</p><img src="` + mmbiz + `">`
	if got[0].Content != want || got[0].Digest != "公告" {
		t.Fatalf("stored content %q digest %q, want %q and the text as digest", got[0].Content, got[0].Digest, want)
	}
}

func TestDraftGetListCountDelete(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("crud")
	tok := h.token(a)
	first, second := h.draft(tok), h.draft(tok)
	got := h.post("/cgi-bin/draft/get", tok, map[string]any{"media_id": first})
	if items, _ := got["news_item"].([]any); len(items) != 1 {
		t.Fatalf("draft/get = %v, want one news_item", got)
	}
	if n := h.get("/cgi-bin/draft/count", url.Values{"access_token": {tok}}).num("total_count"); n != 2 {
		t.Fatalf("draft/count = %d, want 2", n)
	}
	list := h.post("/cgi-bin/draft/batchget", tok, map[string]any{"offset": 1, "count": 20, "no_content": 1})
	if list.num("total_count") != 2 || list.num("item_count") != 1 {
		t.Fatalf("draft/batchget from offset 1 = %v", list)
	}
	wantCode(t, "batchget of 21", h.post("/cgi-bin/draft/batchget", tok, map[string]any{"offset": 0, "count": 21}), CodeInvalidArgs)
	wantCode(t, "delete", h.post("/cgi-bin/draft/delete", tok, map[string]any{"media_id": second}), 0)
	wantCode(t, "get deleted", h.post("/cgi-bin/draft/get", tok, map[string]any{"media_id": second}), CodeInvalidMediaID)
}
