package wechattest

import (
	"encoding/json"
	"time"
)

// The limits of a custom menu (自定义菜单), from menu/create's document:
// at most 3 top-level buttons, each with at most 5 sub-buttons; a name of
// at most 16 bytes (top level) or 60 bytes (sub-button); a key of at most
// 128 bytes; a URL of at most 1,024 bytes.
const (
	maxButtons       = 3
	maxSubButtons    = 5
	maxButtonName    = 16
	maxSubButtonName = 60
	maxButtonKey     = 128
	maxButtonURL     = 1024
)

// MenuButton is one button of a custom menu, as menu/create takes it.
type MenuButton struct {
	Type       string       `json:"type,omitempty"`
	Name       string       `json:"name"`
	Key        string       `json:"key,omitempty"`
	URL        string       `json:"url,omitempty"`
	MediaID    string       `json:"media_id,omitempty"`
	ArticleID  string       `json:"article_id,omitempty"`
	AppID      string       `json:"appid,omitempty"`
	PagePath   string       `json:"pagepath,omitempty"`
	SubButtons []MenuButton `json:"sub_button,omitempty"`
}

// menuState is an account's current custom menu.
type menuState struct {
	id      int64
	buttons []MenuButton
	setAt   time.Time
}

// eventTypes are the button types that push an event with the button's
// key; the others open a URL, a mini program or a material.
var eventTypes = map[string]bool{"click": true, "scancode_push": true, "scancode_waitmsg": true, "pic_sysphoto": true,
	"pic_photo_or_album": true, "pic_weixin": true, "location_select": true}

// otherTypes are the remaining button types menu/create accepts, with the
// field each needs.
var otherTypes = map[string]string{"view": "url", "miniprogram": "url", "media_id": "media_id", "view_limited": "media_id",
	"article_id": "article_id", "article_view_limited": "article_id"}

// Menu returns appid's current custom menu (nil when none is set).
func (s *Server) Menu(appid string) []MenuButton {
	st := s.account(appid)
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.menu == nil {
		return nil
	}
	return append([]MenuButton(nil), st.menu.buttons...)
}

// createMenu is POST /cgi-bin/menu/create: the menu replaces the
// account's current one. 40016 for 0 or more than 3 buttons, 40017 for a
// top-level button of an unknown type, 40018 for a name too long or empty,
// 40019 for an event button's key missing or over 128 bytes, 40020 for a
// URL over 1 KB; 40023–40027 for the same faults of a sub-button.
func (s *Server) createMenu(c *call) (any, *apiError) {
	var req struct {
		Button []MenuButton `json:"button"`
	}
	if e := c.decode(&req); e != nil {
		return nil, e
	}
	if e := checkMenu(req.Button); e != nil {
		return nil, e
	}
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	st.menu = &menuState{id: s.nextID(), buttons: req.Button, setAt: c.now}
	return nil, nil
}

// buttonCodes are the errcodes of a top-level button's faults, then of a
// sub-button's.
var buttonCodes = [2]struct{ size, kind, name, key, url int }{
	{CodeButtonSize, CodeButtonType, CodeButtonName, CodeButtonKey, CodeButtonURL},
	{CodeSubButtonSize, CodeSubButtonType, CodeSubButtonName, CodeSubButtonKey, CodeSubButtonURL},
}

func checkMenu(buttons []MenuButton) *apiError {
	if len(buttons) == 0 || len(buttons) > maxButtons {
		return fail(CodeButtonSize)
	}
	for _, b := range buttons {
		if len(b.SubButtons) == 0 {
			if e := checkButton(b, 0, maxButtonName); e != nil {
				return e
			}
			continue
		}
		if b.Name == "" || len(b.Name) > maxButtonName {
			return fail(CodeButtonName)
		}
		if len(b.SubButtons) > maxSubButtons {
			return fail(CodeSubButtonSize)
		}
		for _, sub := range b.SubButtons {
			if len(sub.SubButtons) > 0 {
				return fail(CodeSubButtonType)
			}
			if e := checkButton(sub, 1, maxSubButtonName); e != nil {
				return e
			}
		}
	}
	return nil
}

// checkButton checks a button without sub-buttons at level 0 (top) or 1.
func checkButton(b MenuButton, level, maxName int) *apiError {
	codes := buttonCodes[level]
	need, other := otherTypes[b.Type]
	switch {
	case !eventTypes[b.Type] && !other:
		return fail(codes.kind)
	case b.Name == "" || len(b.Name) > maxName:
		return fail(codes.name)
	case eventTypes[b.Type] && (b.Key == "" || len(b.Key) > maxButtonKey):
		return fail(codes.key)
	case need == "url" && (b.URL == "" || len(b.URL) > maxButtonURL):
		return fail(codes.url)
	case need == "media_id" && b.MediaID == "", need == "article_id" && b.ArticleID == "":
		return fail(CodeInvalidMediaID)
	}
	return nil
}

// getMenu is GET /cgi-bin/menu/get: the current menu, or 46003 when the
// account has none.
func (s *Server) getMenu(c *call) (any, *apiError) {
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.menu == nil {
		return nil, fail(CodeMenuNotExist)
	}
	raw, _ := json.Marshal(st.menu.buttons) // a copy the caller may not change
	var buttons []MenuButton
	_ = json.Unmarshal(raw, &buttons)
	return map[string]any{"menu": map[string]any{"button": buttons, "menuid": st.menu.id}}, nil
}

// deleteMenu is GET /cgi-bin/menu/delete: the menu (if any) is removed.
func (s *Server) deleteMenu(c *call) (any, *apiError) {
	st := c.acct
	st.mu.Lock()
	defer st.mu.Unlock()
	st.menu = nil
	return nil, nil
}

// hasKey reports whether the account's menu has an event button with key
// (the account's lock is held).
func (st *accountState) hasKey(key string) bool {
	if st.menu == nil {
		return false
	}
	for _, b := range st.menu.buttons {
		for _, x := range append([]MenuButton{b}, b.SubButtons...) {
			if eventTypes[x.Type] && x.Key == key {
				return true
			}
		}
	}
	return false
}
