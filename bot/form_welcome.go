package bot

import (
	"strconv"
	"strings"

	"govmedia"
	"govmedia/citizens"
	"govmedia/registry"
)

// welcomeForm holds the answers of /welcome: the account, and the text its
// new followers are told ("" puts the default back).
type welcomeForm struct {
	AccountID int64  `json:"account_id"`
	Text      string `json:"text,omitempty"`
	Default   bool   `json:"default,omitempty"`
}

func init() {
	onCommand("welcome", (*request).welcome)
	formKinds["welcome"] = &formKind{
		steps: func(r *request, f *form) []string {
			if len(r.welcomeAccounts()) > 1 {
				return []string{"account", "text"}
			}
			return []string{"text"}
		},
		defs: map[string]stepDef{
			"account": {prompt: func(r *request, _ *form) string { return tr(r.lang, "bot.welcome.ask_account") },
				options: welcomeAccountOptions, accept: acceptWelcomeAccount, label: "field.welcome_account"},
			"text": {prompt: askWelcome, optional: true, label: "field.welcome_text", accept: acceptWelcome},
		},
		summary: welcomeSummary,
		finish:  finishWelcome,
	}
}

// welcome starts setting the welcome of one of the unit's WeChat accounts.
func (r *request) welcome([]string) {
	if r.cit == nil {
		r.say(tr(r.lang, "bot.unknown_command"), nil)
		return
	}
	if err := citizens.CheckWelcome(r.member); err != nil {
		r.fail(err)
		return
	}
	accounts := r.welcomeAccounts()
	if len(accounts) == 0 {
		r.say(tr(r.lang, "bot.welcome.no_accounts"), nil)
		return
	}
	f := &form{Kind: "welcome", Welcome: &welcomeForm{}}
	if len(accounts) == 1 {
		f.Welcome.AccountID = accounts[0].ID
	}
	r.startForm(f)
}

// welcomeAccounts are the active WeChat accounts the member's unit hosts:
// those whose welcome it may set (the citizens service decides, at the
// end).
func (r *request) welcomeAccounts() []registry.PublicAccount {
	page, err := r.reg.Search(r.ctx, registry.DirectoryQuery{Org: r.member.OrgCode, Platform: registry.WeChatOA, Limit: 50})
	if err != nil {
		return nil
	}
	var out []registry.PublicAccount
	for _, a := range page.Accounts {
		if a.HostOrg == r.member.OrgCode {
			out = append(out, a)
		}
	}
	return out
}

func welcomeAccountOptions(r *request, _ *form) []option {
	var opts []option
	for _, a := range r.welcomeAccounts() {
		opts = append(opts, option{strconv.FormatInt(a.ID, 10), a.Name})
	}
	return opts
}

func acceptWelcomeAccount(_ *request, f *form, a answer) error {
	n, err := strconv.ParseInt(a.Text, 10, 64)
	if err != nil {
		return govmedia.Errorf(govmedia.EINVALID, "bot.form.use_buttons_err")
	}
	f.Welcome.AccountID = n
	return nil
}

// askWelcome shows what the account's new followers are told now.
func askWelcome(r *request, f *form) string {
	a, err := r.reg.Account(r.ctx, f.Welcome.AccountID)
	if err != nil {
		return tr(r.lang, "bot.welcome.ask", "account", "—", "current", "—")
	}
	current, err := r.cit.Welcome(r.ctx, citizens.Account{ID: a.ID, AppID: a.AppID, Name: a.Name, HostOrg: a.HostOrg})
	if err != nil {
		current = "—"
	}
	return tr(r.lang, "bot.welcome.ask", "account", a.Name, "current", current)
}

func acceptWelcome(_ *request, f *form, a answer) error {
	f.Welcome.Text = strings.TrimSpace(a.Text)
	f.Welcome.Default = f.Welcome.Text == ""
	return nil
}

func welcomeSummary(r *request, f *form) (string, error) {
	name := r.accountName(r.ctx, r.lang, f.Welcome.AccountID)
	if f.Welcome.Default {
		return tr(r.lang, "bot.welcome.summary_default", "account", name), nil
	}
	return tr(r.lang, "bot.welcome.summary", "account", name, "text", f.Welcome.Text), nil
}

// finishWelcome sets the welcome, if the citizens service lets the member
// set it.
func finishWelcome(r *request, f *form) error {
	if err := r.cit.SetWelcome(r.ctx, r.member, f.Welcome.AccountID, f.Welcome.Text); err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.welcome.set", "account", r.accountName(r.ctx, r.lang, f.Welcome.AccountID)), nil)
	return nil
}
