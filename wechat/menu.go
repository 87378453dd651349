package wechat

import (
	"context"
	"errors"

	"github.com/silenceper/wechat/v2/officialaccount"
	"github.com/silenceper/wechat/v2/officialaccount/menu"

	"govmedia"
)

// MenuButton is a button of an account's custom menu (自定义菜单): a
// CLICK button, whose Key comes back in the follower's CLICK event, or a
// group of up to 5 Sub buttons. WeChat takes up to 3 top-level buttons,
// names of at most 16 bytes (5 Chinese characters) at the top and 60
// bytes (20) below, keys of at most 128 bytes.
type MenuButton struct {
	Name string
	Key  string       // a CLICK button's key
	Sub  []MenuButton // a group's buttons; then Key is empty
}

// codeMenuNotExist is menu/get's answer for an account without a menu.
const codeMenuNotExist = 46003

// menuRefusals are the messages that say why WeChat refused a menu.
var menuRefusals = map[int64]string{
	40016: "menu.refused.too_many_buttons",
	40017: "menu.refused.button_type",
	40018: "menu.refused.name_too_long",
	40019: "menu.refused.key",
	40023: "menu.refused.too_many_sub_buttons",
	40024: "menu.refused.button_type",
	40025: "menu.refused.sub_name_too_long",
	40026: "menu.refused.key",
	48001: "menu.refused.unauthorized",
}

// SetMenu replaces the account's custom menu (menu/create). A menu WeChat
// refuses is an error that is both a *govmedia.Error saying why in the
// user's words (EINVALID for the button limits — 40016 too many buttons,
// 40018/40025 a name too long, 40019/40026 a bad key…; EFORBIDDEN for
// 48001, an account without the right, such as an unverified one) and an
// *Error with WeChat's errcode.
func (c *Client) SetMenu(ctx context.Context, buttons []MenuButton) error {
	err := c.call(ctx, "menu/create", func(oa *officialaccount.OfficialAccount) error {
		return menu.NewMenu(oa.GetContext()).SetMenu(toSilenceper(buttons))
	})
	return explainMenu(err)
}

// Menu reads the account's custom menu (menu/get): nil when it has none.
func (c *Client) Menu(ctx context.Context) ([]MenuButton, error) {
	var res menu.ResMenu
	err := c.call(ctx, "menu/get", func(oa *officialaccount.OfficialAccount) error {
		var err error
		res, err = menu.NewMenu(oa.GetContext()).GetMenu()
		return err
	})
	if ErrCode(err) == codeMenuNotExist {
		return nil, nil
	}
	if err != nil {
		return nil, explainMenu(err)
	}
	return fromSilenceper(res.Menu.Button), nil
}

// DeleteMenu removes the account's custom menu (menu/delete).
func (c *Client) DeleteMenu(ctx context.Context) error {
	err := c.call(ctx, "menu/delete", func(oa *officialaccount.OfficialAccount) error {
		return menu.NewMenu(oa.GetContext()).DeleteMenu()
	})
	return explainMenu(err)
}

// explainMenu gives a refused menu call the user's words.
func explainMenu(err error) error {
	var we *Error
	if errors.As(err, &we) && menuRefusals[we.Code] != "" {
		code := govmedia.EINVALID
		if we.Code == codeNotAuthorized {
			code = govmedia.EFORBIDDEN
		}
		return &explained{user: govmedia.Errorf(code, menuRefusals[we.Code]), call: we}
	}
	return err
}

// codeNotAuthorized is 48001: the account has no right to the API.
const codeNotAuthorized = 48001

func toSilenceper(buttons []MenuButton) []*menu.Button {
	out := make([]*menu.Button, 0, len(buttons))
	for _, b := range buttons {
		btn := new(menu.Button)
		if len(b.Sub) > 0 {
			btn.SetSubButton(b.Name, toSilenceper(b.Sub))
		} else {
			btn.SetClickButton(b.Name, b.Key)
		}
		out = append(out, btn)
	}
	return out
}

func fromSilenceper(buttons []menu.Button) []MenuButton {
	var out []MenuButton
	for _, b := range buttons {
		mb := MenuButton{Name: b.Name, Key: b.Key}
		for _, s := range b.SubButtons {
			mb.Sub = append(mb.Sub, MenuButton{Name: s.Name, Key: s.Key})
		}
		out = append(out, mb)
	}
	return out
}

// explained is WeChat's refusal of a call, with the user's words for it.
type explained struct {
	user *govmedia.Error
	call *Error
}

// Error says why, in English.
func (e *explained) Error() string { return e.user.Error() + " (" + e.call.Error() + ")" }

// Unwrap gives the message for the user and WeChat's error.
func (e *explained) Unwrap() []error { return []error{e.user, e.call} }
