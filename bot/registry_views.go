package bot

import (
	"strconv"
	"strings"

	"govmedia"
	"govmedia/registry"
)

// searchRegistry searches every open account by part of a name or id.
func (r *request) searchRegistry(args []string) {
	q := strings.Join(args, " ")
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Q: q, Limit: 15,
		States: []registry.State{registry.Approved, registry.Active, registry.Closing, registry.Suspended}})
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

// showAccount shows one account, found by id or exact name, with its history.
func (r *request) showAccount(args []string) {
	if len(args) == 0 {
		r.say(tr(r.lang, "bot.account.usage"), nil)
		return
	}
	a, err := r.findAccount(strings.Join(args, " "))
	if err != nil {
		r.fail(err)
		return
	}
	text := tr(r.lang, "bot.account.title", "account", a.Label(r.lang), "id", a.ID, "state", govmedia.Text("state."+string(a.State)),
		"org", a.Host.Name, "version", a.Version)
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
	text += "\n" + r.fieldLines(a.Fields(), phone) + "\n\n" + tr(r.lang, "bot.account.history")
	for _, h := range hist {
		text += "\n" + tr(r.lang, "bot.account.history_item", "version", h.Version, "at", govmedia.FormatTime(h.At),
			"action", h.Action, "actor", actorName(h.Actor), "changes", len(h.Changes))
	}
	r.say(text, nil)
}

func (r *request) findAccount(q string) (*registry.Account, error) {
	if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
		return r.reg.Account(r.ctx, n)
	}
	v, err := r.reg.Lookup(r.ctx, q)
	if err != nil {
		return nil, err
	}
	for _, m := range v.Matches {
		return r.reg.Account(r.ctx, m.ID)
	}
	return nil, govmedia.Errorf(govmedia.ENOTFOUND, "bot.account.not_found", "q", q)
}

// actorName shortens an audit actor ("member:12 tg:34 张三") to the name.
func actorName(actor string) string {
	parts := strings.SplitN(actor, " ", 3)
	if len(parts) == 3 && strings.HasPrefix(parts[0], "member:") {
		return parts[2]
	}
	return actor
}
