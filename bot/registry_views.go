package bot

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"govmedia"
	"govmedia/registry"
)

// searchRegistry searches every account not closed by part of a name or id.
func (r *request) searchRegistry(args []string) {
	q := strings.Join(args, " ")
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Q: q, Limit: 15, States: listedStates})
	if err != nil {
		r.fail(err)
		return
	}
	if len(page.Accounts) == 0 {
		r.say(tr(r.lang, "bot.registry.none", "q", q), nil)
		return
	}
	lines := []string{tr(r.lang, "bot.registry.title", "q", q)}
	for _, a := range page.Accounts {
		lines = append(lines, tr(r.lang, "bot.registry.item", "id", a.ID, "name", a.Name, "platform",
			govmedia.Text("platform."+string(a.Platform)), "org", a.HostOrgName, "state", govmedia.Text("state."+string(a.State))))
	}
	if page.Next != 0 {
		lines = append(lines, tr(r.lang, "bot.registry.more"))
	}
	lines, _ = fitList(r.lang, lines)
	r.say(strings.Join(lines, "\n"), nil)
}

// listedStates are the states the registry lists in chat: every account
// that is or will be official, and those that were.
var listedStates = []registry.State{registry.Approved, registry.Active, registry.Closing, registry.Suspended, registry.Closed}

// maxAccountChoices bounds the accounts /account offers for part of a name.
const maxAccountChoices = 10

// showAccount shows one account, found by its number, its exact name or
// identifier, or part of its name: several matches are offered as buttons.
func (r *request) showAccount(args []string) {
	if len(args) == 0 {
		r.say(tr(r.lang, "bot.account.usage"), nil)
		return
	}
	q := strings.Join(args, " ")
	if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
		r.sayAccount(n)
		return
	}
	if v, err := r.reg.Lookup(r.ctx, q); err == nil && len(v.Matches) == 1 {
		r.sayAccount(v.Matches[0].ID)
		return
	}
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Q: q, Limit: maxAccountChoices, States: listedStates})
	switch {
	case err != nil:
		r.fail(err)
	case len(page.Accounts) == 0:
		r.fail(govmedia.Errorf(govmedia.ENOTFOUND, "bot.account.not_found", "q", q))
	case len(page.Accounts) == 1:
		r.sayAccount(page.Accounts[0].ID)
	default:
		r.offerAccounts(q, page)
	}
}

// offerAccounts lists the accounts matching part of a name as buttons.
func (r *request) offerAccounts(q string, page registry.DirectoryPage) {
	var rows [][]models.InlineKeyboardButton
	for _, a := range page.Accounts {
		label := tr(r.lang, "bot.account.choice", "name", a.Name, "platform", govmedia.Text("platform."+string(a.Platform)),
			"org", a.HostOrgName)
		rows = append(rows, []models.InlineKeyboardButton{button(label, fmt.Sprintf("acc:%d", a.ID))})
	}
	key := "bot.account.choose"
	if page.Next != 0 {
		key = "bot.account.choose_more"
	}
	r.say(tr(r.lang, key, "q", q, "count", len(page.Accounts)), inline(rows))
}

// onAccountButton shows the account chosen among several: "acc:<id>".
func (r *request) onAccountButton(p []string) {
	r.answer("", false)
	r.sayAccount(id(p, 0))
}

// sayAccount shows an account: what it is, where it stands (a closing or
// closed one with its dates and successor), and, for those who may see
// them, its private fields and history.
func (r *request) sayAccount(accountID int64) {
	a, err := r.reg.Account(r.ctx, accountID)
	if err != nil {
		r.fail(err)
		return
	}
	text := tr(r.lang, "bot.account.title", "account", a.Label(r.lang), "id", a.ID, "state", govmedia.Text("state."+string(a.State)),
		"org", a.Host.Name, "version", a.Version) + r.lifeLines(a)
	if r.reg.CheckSeePrivate(r.ctx, r.member, a) != nil {
		f := a.Fields()
		f.PersonInCharge, f.PhoneSealed, f.SecondAccountReason, f.AppID = "", nil, "", ""
		r.say(text+"\n"+r.fieldLines(f, ""), nil)
		return
	}
	hist, err := r.reg.History(r.ctx, a.ID)
	if err != nil {
		r.fail(err)
		return
	}
	phone, _ := r.reg.Phone(a.PhoneSealed)
	text += "\n" + r.fieldLines(a.Fields(), phone) + r.followerLines(a.ID) + r.interactionLines(a) + "\n\n" + tr(r.lang, "bot.account.history")
	for _, h := range hist {
		text += "\n" + tr(r.lang, "bot.account.history_item", "version", h.Version, "at", govmedia.FormatTime(h.At),
			"action", govmedia.Text(historyAction(h.Action)), "actor", rawHTML(esc(actorName(r.lang, h.Actor))), "changes", len(h.Changes))
	}
	r.say(text, nil)
}

// lifeLines say where a closing or closed account stands: until when its
// notice runs or since when it is closed, and who takes over.
func (r *request) lifeLines(a *registry.Account) string {
	var s string
	switch a.State {
	case registry.Closing:
		s = "\n" + tr(r.lang, "bot.account.closing", "until", govmedia.FormatTime(a.ClosingUntil))
	case registry.Closed:
		s = "\n" + tr(r.lang, "bot.account.closed", "org", a.Host.Name, "at", govmedia.FormatTime(a.ClosingUntil))
	default:
		return ""
	}
	if a.SuccessorID != 0 {
		s += "\n" + tr(r.lang, "bot.card.successor", "account", r.accountName(r.ctx, r.lang, a.SuccessorID))
	}
	return s
}

// historyAction is the text key of a history entry's action; an action
// without a text of its own reads as a change.
func historyAction(action string) string {
	key := "history." + action
	if !govmedia.HasText(govmedia.Chinese, key) {
		return "history.account.change"
	}
	return key
}

// actorName names who made a change, as people read it: a member by name
// (noting an operator acting for them), the service itself, or an
// operator at the command line.
func actorName(lang govmedia.Language, actor string) string {
	switch {
	case actor == govmedia.System.Name:
		return govmedia.Print(lang, "actor.system")
	case strings.HasPrefix(actor, "cli:"):
		return govmedia.Print(lang, "actor.operator", "login", strings.TrimPrefix(actor, "cli:"))
	}
	parts := strings.SplitN(actor, " ", 3)
	if len(parts) < 3 || !strings.HasPrefix(parts[0], "member:") {
		return actor
	}
	if name, _, via := strings.Cut(parts[2], " via "); via {
		return govmedia.Print(lang, "actor.member_via", "name", name)
	}
	return parts[2]
}
