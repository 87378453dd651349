package wechattest

import "testing"

func (h *harness) publishStatus(tok string, id int64) result {
	h.t.Helper()
	return h.post("/cgi-bin/freepublish/get", tok, map[string]any{"publish_id": id})
}

func TestRejectedPublicationKeepsTheDraft(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("rej")
	tok := h.token(a)
	if err := h.s.QueuePublishOutcome(a.AppID, PublishRejected, 2); err != nil {
		t.Fatal(err)
	}
	media := h.draft(tok)
	sub := h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": media})
	if st := h.publishStatus(tok, sub.num("publish_id")); st.num("publish_status") != int64(Publishing) {
		t.Fatalf("status right after submit = %v, want 1 (publishing)", st)
	}
	var st result
	eventually(t, "the job to end", func() bool {
		st = h.publishStatus(tok, sub.num("publish_id"))
		return st.num("publish_status") != int64(Publishing)
	})
	if fail, _ := st["fail_idx"].([]any); st.num("publish_status") != int64(PublishRejected) || len(fail) != 1 || fail[0].(float64) != 2 {
		t.Fatalf("status %v, want 4 with fail_idx [2]", st)
	}
	wantCode(t, "draft after a rejection", h.post("/cgi-bin/draft/get", tok, map[string]any{"media_id": media}), 0)
}

func TestPublishedArticleLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("life")
	tok := h.token(a)
	sub := h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": h.draft(tok)})
	var st result
	eventually(t, "publication", func() bool {
		st = h.publishStatus(tok, sub.num("publish_id"))
		return st.num("publish_status") == int64(PublishSuccess)
	})
	articleID := st.str("article_id")
	list := h.post("/cgi-bin/freepublish/batchget", tok, map[string]any{"offset": 0, "count": 10, "no_content": 0})
	if list.num("total_count") != 1 {
		t.Fatalf("freepublish/batchget = %v, want one publication", list)
	}
	art := h.post("/cgi-bin/freepublish/getarticle", tok, map[string]any{"article_id": articleID})
	if items, _ := art["news_item"].([]any); len(items) != 1 {
		t.Fatalf("getarticle = %v", art)
	}
	wantCode(t, "getarticle of nothing", h.post("/cgi-bin/freepublish/getarticle", tok, map[string]any{"article_id": "none"}), CodeInvalidArticleID)
	wantCode(t, "delete", h.post("/cgi-bin/freepublish/delete", tok, map[string]any{"article_id": articleID, "index": 0}), 0)
	if st := h.publishStatus(tok, sub.num("publish_id")); st.num("publish_status") != int64(PublishDeleted) {
		t.Fatalf("status after delete = %v, want 5", st)
	}
	if err := h.s.BanPublication(a.AppID, articleID); err != nil {
		t.Fatal(err)
	}
	if st := h.publishStatus(tok, sub.num("publish_id")); st.num("publish_status") != int64(PublishBanned) {
		t.Fatalf("status after ban = %v, want 6", st)
	}
}

func TestSubmitUnknownDraft(t *testing.T) {
	h := newHarness(t, Options{})
	a := h.account("unk")
	tok := h.token(a)
	wantCode(t, "submit of no draft", h.post("/cgi-bin/freepublish/submit", tok, map[string]any{"media_id": "nope"}), CodeInvalidMediaID)
	wantCode(t, "get of no job", h.publishStatus(tok, 1), CodeInvalidArgs)
}
