package bot

import (
	"strings"
	"time"

	"govmedia"
	"govmedia/oversight"
)

// confirmUpdateForm holds the answers of the weekly confirmation of an
// account's latest post on a platform the service does not publish to.
type confirmUpdateForm struct {
	AccountID int64  `json:"account_id"`
	Account   string `json:"account"`
	Link      string `json:"link,omitempty"`
	PostedOn  string `json:"posted_on,omitempty"` // 2006-01-02, China time
}

func init() {
	onButton("cu", (*request).onConfirmUpdate)
	formKinds["confirm_update"] = &formKind{
		steps: func(*request, *form) []string { return []string{"post_url", "posted_on"} },
		defs: map[string]stepDef{
			"post_url": {prompt: askAboutAccount("bot.over.ask.post_url"), label: "bot.over.field.post_url",
				accept: acceptText(500, true, func(f *form) *string { return &f.ConfirmUpdate.Link })},
			"posted_on": {prompt: askAboutAccount("bot.over.ask.posted_on"), label: "bot.over.field.posted_on", options: postedOnOptions, typed: true,
				accept: acceptPostedOn},
		},
		summary: confirmUpdateSummary,
		finish:  finishConfirmUpdate,
	}
}

// onConfirmUpdate opens the confirmation of an account's latest post:
// "cu:<account>", for the account's own operators and admins only
// (oversight.AccountToConfirm).
func (r *request) onConfirmUpdate(p []string) {
	if r.over == nil || !r.private {
		r.staleButton()
		return
	}
	a, err := oversight.AccountToConfirm(r.ctx, r.db, r.member, id(p, 0))
	if err != nil {
		r.fail(err)
		return
	}
	r.answer("", false)
	r.startForm(&form{Kind: "confirm_update", ConfirmUpdate: &confirmUpdateForm{AccountID: a.ID, Account: a.Name}})
}

// askAboutAccount asks a question of the confirmation, naming the account.
func askAboutAccount(key string) func(*request, *form) string {
	return func(r *request, f *form) string { return tr(r.lang, key, "account", f.ConfirmUpdate.Account) }
}

func postedOnOptions(r *request, _ *form) []option {
	today := r.now().In(govmedia.ChinaTime)
	return []option{
		{today.Format(time.DateOnly), govmedia.Print(r.lang, "bot.over.today")},
		{today.AddDate(0, 0, -1).Format(time.DateOnly), govmedia.Print(r.lang, "bot.over.yesterday")},
	}
}

func acceptPostedOn(r *request, f *form, a answer) error {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(a.Text), govmedia.ChinaTime)
	if err != nil {
		return govmedia.Errorf(govmedia.EINVALID, "bot.over.date_format")
	}
	f.ConfirmUpdate.PostedOn = d.Format(time.DateOnly)
	return nil
}

// postedAt is when the post went out as the form says it: the day's
// noon, or now when that is still to come.
func (c *confirmUpdateForm) postedAt(now time.Time) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, c.PostedOn, govmedia.ChinaTime)
	if at := d.Add(12 * time.Hour); at.Before(now) {
		return at
	}
	return now
}

func confirmUpdateSummary(r *request, f *form) (string, error) {
	c := f.ConfirmUpdate
	return tr(r.lang, "bot.over.confirm_summary", "account", c.Account, "link", c.Link, "date", c.PostedOn), nil
}

func finishConfirmUpdate(r *request, f *form) error {
	c := f.ConfirmUpdate
	if err := r.over.ConfirmUpdate(r.ctx, r.member, c.AccountID, c.postedAt(r.now()), c.Link); err != nil {
		return err
	}
	r.say(tr(r.lang, "bot.over.confirmed", "account", c.Account, "date", c.PostedOn), nil)
	return nil
}
