package sandbox_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"govmedia/web/sandbox"
)

// get serves one GET request through h.
func get(t *testing.T, h http.Handler, path string) *http.Response {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Result()
}

func TestIdentitiesAreServedAsTheServiceGivesThem(t *testing.T) {
	h := sandbox.Handler(func() []sandbox.Identity {
		return []sandbox.Identity{
			{UserID: 123, Name: "五华区教育体育局 · 运营人员", Chats: []int64{123, -1001}},
			{UserID: 456, Name: "昆明市人民政府办公室 · 审批人员"},
		}
	})
	resp := get(t, h, "/sandbox/identities")
	body, _ := io.ReadAll(resp.Body)
	want := `[{"user_id":123,"name":"五华区教育体育局 · 运营人员","chats":[123,-1001]},{"user_id":456,"name":"昆明市人民政府办公室 · 审批人员","chats":[]}]`
	if got := strings.TrimSpace(string(body)); got != want {
		t.Fatalf("expected identities %s, got %s", want, got)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("expected a JSON content type, got %q", ct)
	}
}

func TestNoIdentitiesIsAnEmptyList(t *testing.T) {
	for name, fn := range map[string]func() []sandbox.Identity{"nil func": nil, "nil list": func() []sandbox.Identity { return nil }} {
		var list []sandbox.Identity
		if err := json.NewDecoder(get(t, sandbox.Handler(fn), "/sandbox/identities").Body).Decode(&list); err != nil || list == nil || len(list) != 0 {
			t.Fatalf("%s: expected [], got %v (%v)", name, list, err)
		}
	}
}

func TestThePageAndItsAssetsAreServed(t *testing.T) {
	h := sandbox.Handler(nil)
	page := get(t, h, "/sandbox")
	body, _ := io.ReadAll(page.Body)
	if page.StatusCode != http.StatusOK || !strings.Contains(string(body), "我是") {
		t.Fatalf("expected the chat page at /sandbox, got %d", page.StatusCode)
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("expected a same-origin content security policy, got %q", csp)
	}
	for path, kind := range map[string]string{
		"/sandbox/assets/style.css":      "text/css",
		"/sandbox/assets/js/app.js":      "javascript",
		"/sandbox/assets/js/entities.js": "javascript",
	} {
		resp := get(t, h, path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), kind) {
			t.Fatalf("expected %s as %s, got %d %q", path, kind, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if resp := get(t, h, "/sandbox/"); resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/sandbox" {
		t.Fatalf("expected /sandbox/ to redirect to /sandbox, got %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := get(t, h, "/sandbox/assets/nothing.js"); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("expected 404 for a missing asset, got %d", resp.StatusCode)
	}
}
