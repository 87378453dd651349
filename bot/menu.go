package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/citizens"
	"govmedia/registry"
)

// /menu sets an account's WeChat menu from the domains it covers. The card
// shows the domains as buttons to tick; the ticks travel in the buttons'
// data as a mask over the domains offered ("mn:<account>:<mask>"), and
// "ms:<account>:<mask>" sends the menu (mask 0 removes it). Who may is
// decided by the citizens service.

// menuCommand shows the menu card of the account named by number, or of
// the unit's only active WeChat account, or offers the unit's accounts.
func (r *request) menuCommand(args []string) {
	if r.cit == nil {
		r.say(tr(r.lang, "bot.menu.unavailable"), nil)
		return
	}
	if len(args) > 0 {
		id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
		if err != nil || id <= 0 {
			r.say(tr(r.lang, "bot.menu.usage"), nil)
			return
		}
		r.sayMenu(id)
		return
	}
	accounts, err := r.unitAccounts()
	if err != nil {
		r.fail(err)
		return
	}
	accounts = slices.DeleteFunc(accounts, func(a registry.PublicAccount) bool {
		return a.Platform != registry.WeChatOA || a.State != registry.Active
	})
	switch len(accounts) {
	case 0:
		r.say(tr(r.lang, "bot.menu.no_accounts"), nil)
	case 1:
		r.sayMenu(accounts[0].ID)
	default:
		var rows [][]models.InlineKeyboardButton
		for _, a := range accounts {
			rows = append(rows, []models.InlineKeyboardButton{button(a.Name, fmt.Sprintf("mn:%d:c", a.ID))})
		}
		r.say(tr(r.lang, "bot.menu.choose"), inline(rows))
	}
}

// sayMenu sends the menu card of an account, ticked as its menu stands.
func (r *request) sayMenu(accountID int64) {
	text, markup, err := r.menuView(accountID, -1)
	if err != nil {
		r.fail(err)
		return
	}
	r.say(text, markup)
}

// onMenuButton ticks a domain ("mn:<account>:<mask>") or opens the card
// of an account chosen ("mn:<account>:c"), editing the card in place.
func (r *request) onMenuButton(p []string) {
	msg := r.u.CallbackQuery.Message.Message
	mask, ok := menuMask(p)
	opening := len(p) == 2 && p[1] == "c"
	if r.cit == nil || msg == nil || (!ok && !opening) {
		r.staleButton()
		return
	}
	if opening {
		mask = -1
	}
	text, markup, err := r.menuView(id(p, 0), mask)
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	if err := r.editText(r.ctx, r.chat, msg.ID, text, markup); err != nil && !notModified(err) {
		r.sendFailed(r.chat, err)
	}
}

// onMenuSet sends the ticked domains to WeChat as the account's menu
// ("ms:<account>:<mask>") and closes the card.
func (r *request) onMenuSet(p []string) {
	msg := r.u.CallbackQuery.Message.Message
	mask, ok := menuMask(p)
	if r.cit == nil || msg == nil || !ok {
		r.staleButton()
		return
	}
	accountID := id(p, 0)
	offered, err := r.cit.MenuDomains(r.ctx, r.member, accountID)
	if err != nil {
		r.fail(err)
		return
	}
	chosen, ok := menuTicked(offered, mask)
	if !ok {
		r.staleButton()
		return
	}
	if err := r.cit.SetMenu(r.ctx, r.member, accountID, menuCodes(chosen)); err != nil {
		r.fail(err)
		return
	}
	text := tr(r.lang, "bot.menu.removed")
	if len(chosen) > 0 {
		text = tr(r.lang, "bot.menu.set", "domains", menuNames(chosen))
	}
	r.answer("", false)
	if err := r.editText(r.ctx, r.chat, msg.ID, text, nil); err != nil && !notModified(err) {
		r.sendFailed(r.chat, err)
	}
}

// menuMask parses a button's mask; false when it is missing or malformed.
func menuMask(p []string) (int64, bool) {
	if len(p) < 2 {
		return 0, false
	}
	n, err := strconv.ParseInt(p[1], 10, 64)
	return n, err == nil && n >= 0
}

// menuView renders the card: the menu as it stands and the domains to
// tick; mask -1 ticks those of the current menu.
func (r *request) menuView(accountID, mask int64) (string, *models.InlineKeyboardMarkup, error) {
	offered, err := r.cit.MenuDomains(r.ctx, r.member, accountID)
	if err != nil {
		return "", nil, err
	}
	current, err := r.cit.Menu(r.ctx, r.member, accountID)
	if err != nil {
		return "", nil, err
	}
	a, err := r.reg.Account(r.ctx, accountID)
	if err != nil {
		return "", nil, err
	}
	if mask < 0 {
		mask = menuMaskOf(offered, current)
	}
	if _, ok := menuTicked(offered, mask); !ok {
		return "", nil, govmedia.Errorf(govmedia.ECONFLICT, "bot.menu.changed")
	}
	text := tr(r.lang, "bot.menu.title", "account", a.Name) + "\n" + r.currentMenuLine(offered, current)
	if len(offered) == 0 {
		return text + "\n\n" + tr(r.lang, "bot.menu.none_offered"), nil, nil
	}
	return text + "\n\n" + tr(r.lang, "bot.menu.pick"), menuKeyboard(r.lang, accountID, offered, mask, len(current) > 0), nil
}

func (r *request) currentMenuLine(offered []citizens.MenuDomain, current []string) string {
	if len(current) == 0 {
		return tr(r.lang, "bot.menu.current_none")
	}
	var list []citizens.MenuDomain
	for _, code := range current {
		name := code
		if i := slices.IndexFunc(offered, func(d citizens.MenuDomain) bool { return d.Code == code }); i >= 0 {
			name = offered[i].Name
		}
		list = append(list, citizens.MenuDomain{Code: code, Name: name})
	}
	return tr(r.lang, "bot.menu.current", "domains", menuNames(list))
}

// menuKeyboard is a tick button per domain, then "set" (and "remove"
// when a menu is set).
func menuKeyboard(lang govmedia.Language, accountID int64, offered []citizens.MenuDomain, mask int64, set bool) *models.InlineKeyboardMarkup {
	var rows [][]models.InlineKeyboardButton
	for i, d := range offered {
		label := d.Name
		if mask&(1<<i) != 0 {
			label = "✅ " + d.Name
		}
		rows = append(rows, []models.InlineKeyboardButton{button(label, fmt.Sprintf("mn:%d:%d", accountID, mask^(1<<i)))})
	}
	last := []models.InlineKeyboardButton{button(tr(lang, "bot.menu.send"), fmt.Sprintf("ms:%d:%d", accountID, mask))}
	if set {
		last = append(last, button(tr(lang, "bot.menu.remove"), fmt.Sprintf("ms:%d:0", accountID)))
	}
	return inline(append(rows, last))
}

// menuTicked are the domains a mask ticks; false when it ticks one not offered.
func menuTicked(offered []citizens.MenuDomain, mask int64) ([]citizens.MenuDomain, bool) {
	if len(offered) < 63 && mask >= 1<<len(offered) {
		return nil, false
	}
	var out []citizens.MenuDomain
	for i, d := range offered {
		if mask&(1<<i) != 0 {
			out = append(out, d)
		}
	}
	return out, true
}

func menuMaskOf(offered []citizens.MenuDomain, current []string) int64 {
	var mask int64
	for i, d := range offered {
		if slices.Contains(current, d.Code) {
			mask |= 1 << i
		}
	}
	return mask
}

func menuCodes(list []citizens.MenuDomain) []string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.Code
	}
	return out
}

func menuNames(list []citizens.MenuDomain) string {
	out := make([]string, len(list))
	for i, d := range list {
		out[i] = d.Name
	}
	return strings.Join(out, "、")
}
