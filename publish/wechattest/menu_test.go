package wechattest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestMenuLimitsFollowWeChatsDocument: each limit of menu/create gets its
// own errcode, and a refused menu leaves the one before in place.
func TestMenuLimitsFollowWeChatsDocument(t *testing.T) {
	h := newHarness(t, Options{})
	tok := h.token(h.account("menu"))
	click := func(name, key string) map[string]any {
		return map[string]any{"type": "click", "name": name, "key": key}
	}
	group := func(name string, n int, sub map[string]any) map[string]any {
		subs := []map[string]any{}
		for range n {
			subs = append(subs, sub)
		}
		return map[string]any{"name": name, "sub_button": subs}
	}
	menu := func(buttons ...map[string]any) map[string]any { return map[string]any{"button": buttons} }
	wantCode(t, "a good menu", h.post("/cgi-bin/menu/create", tok, menu(click("教育", "k1"), group("公开", 5, click(strings.Repeat("长", 20), "k2")))), 0)
	for _, tc := range []struct {
		what string
		body map[string]any
		code int
	}{
		{"no button", menu(), CodeButtonSize},
		{"four buttons", menu(click("一", "a"), click("二", "b"), click("三", "c"), click("四", "d")), CodeButtonSize},
		{"an unknown type", menu(map[string]any{"type": "dance", "name": "跳", "key": "k"}), CodeButtonType},
		{"a 17-byte name", menu(click("义务教育xxxxx", "k")), CodeButtonName},
		{"a click without key", menu(click("教育", "")), CodeButtonKey},
		{"a 129-byte key", menu(click("教育", strings.Repeat("k", 129))), CodeButtonKey},
		{"a view without URL", menu(map[string]any{"type": "view", "name": "网页"}), CodeButtonURL},
		{"six sub-buttons", menu(group("公开", 6, click("一", "k"))), CodeSubButtonSize},
		{"a 63-byte sub-button name", menu(group("公开", 1, click(strings.Repeat("长", 21), "k"))), CodeSubButtonName},
		{"a sub-button key of 129 bytes", menu(group("公开", 1, click("一", strings.Repeat("k", 129)))), CodeSubButtonKey},
		{"a sub-button of an unknown type", menu(group("公开", 1, map[string]any{"type": "dance", "name": "跳"})), CodeSubButtonType},
	} {
		wantCode(t, tc.what, h.post("/cgi-bin/menu/create", tok, tc.body), tc.code)
	}
	got := h.get("/cgi-bin/menu/get", url.Values{"access_token": {tok}})
	wantCode(t, "menu/get", got, 0)
	buttons := got["menu"].(map[string]any)["button"].([]any)
	if len(buttons) != 2 || buttons[0].(map[string]any)["key"] != "k1" {
		t.Fatalf("the menu kept is %v, want the good one", buttons)
	}
	wantCode(t, "menu/delete", h.get("/cgi-bin/menu/delete", url.Values{"access_token": {tok}}), 0)
	wantCode(t, "menu/get after delete", h.get("/cgi-bin/menu/get", url.Values{"access_token": {tok}}), CodeMenuNotExist)
}

// TestAReopenedStandInKeepsMenuAndUserFigures: the menu and the days'
// follows, unfollows and followers survive a restart.
func TestAReopenedStandInKeepsMenuAndUserFigures(t *testing.T) {
	dir, clock := t.TempDir(), noon()
	first := openHarness(t, dir, clock, Options{})
	a := first.account("keepmenu", func(a *Account) { a.Followers = []string{"f1", "f2", "f3"} })
	tok := first.token(a)
	wantCode(t, "menu/create", first.post("/cgi-bin/menu/create", tok, map[string]any{"button": []any{map[string]any{"type": "click", "name": "教育", "key": "k"}}}), 0)
	if _, err := first.s.Follow(a.AppID, "f4"); err != nil {
		t.Fatal(err)
	}
	if err := first.s.Unfollow(a.AppID, "f1"); err != nil {
		t.Fatal(err)
	}
	if _, err := first.s.Follow(a.AppID, "f4"); err != nil { // already following: no second follow
		t.Fatal(err)
	}
	first.s.Close()
	clock.Advance(21 * time.Hour) // 09:00 the next morning: the day's figures are ready
	h := openHarness(t, dir, clock, Options{})
	tok = h.token(a)
	if m := h.s.Menu(a.AppID); len(m) != 1 || m[0].Key != "k" {
		t.Fatalf("the menu after reopening: %+v", m)
	}
	rng := map[string]any{"begin_date": "2025-03-09", "end_date": "2025-03-10"}
	sum := h.post("/datacube/getusersummary", tok, rng)
	cum := h.post("/datacube/getusercumulate", tok, rng)
	wantCode(t, "getusersummary", sum, 0)
	rows, days := sum["list"].([]any), cum["list"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["ref_date"] != "2025-03-10" || rows[0].(map[string]any)["new_user"] != 1.0 || rows[0].(map[string]any)["cancel_user"] != 1.0 {
		t.Fatalf("the summary after reopening: %v, want one follow and one unfollow on the 10th", rows)
	}
	if len(days) != 2 || days[0].(map[string]any)["cumulate_user"] != 3.0 || days[1].(map[string]any)["cumulate_user"] != 3.0 {
		t.Fatalf("the followers after reopening: %v, want 3 on both days", days)
	}
	wantCode(t, "a range reaching today", h.post("/datacube/getusersummary", tok, map[string]any{"begin_date": "2025-03-10", "end_date": "2025-03-11"}), CodeDateRange)
	wantCode(t, "eight days", h.post("/datacube/getusercumulate", tok, map[string]any{"begin_date": "2025-03-02", "end_date": "2025-03-09"}), CodeDateRange)
	wantCode(t, "a bad date", h.post("/datacube/getusercumulate", tok, map[string]any{"begin_date": "20250302", "end_date": "2025-03-09"}), CodeDateFormat)
}
