package oversight

import (
	"context"
	"time"

	"govmedia/registry"
	"govmedia/wechat"
)

// UseWeChat lets the daily check read each WeChat account's published
// list with its own credentials.
func (o *Oversight) UseWeChat(clients *wechat.Clients) { o.wx = clients }

// credentialCodes are WeChat's answers that mean the stored credentials no
// longer work: a wrong AppID or AppSecret, a caller IP not whitelisted.
var credentialCodes = map[int64]bool{40013: true, 40125: true, 40164: true, 41002: true, 41004: true}

// CredentialsFailDays is how long credentials may fail before the account's
// unit hears of it.
const CredentialsFailDays = 1

// checkWeChat reads, at most once a day per account, each active WeChat
// account's latest published article, and records since when its
// credentials fail; a day of failing is told to its unit, once.
func (o *Oversight) checkWeChat(ctx context.Context) error {
	if o.wx == nil {
		return nil
	}
	var due []struct {
		ID      int64  `bun:"id"`
		Name    string `bun:"name"`
		HostOrg string `bun:"host_org"`
	}
	err := o.db.NewSelect().TableExpr("accounts AS a").Join("JOIN wechat_credentials AS c ON c.account_id = a.id").
		Join("LEFT JOIN account_wechat_checks AS k ON k.account_id = a.id").ColumnExpr("a.id, a.name, a.host_org").
		Where("a.state = ? AND a.platform = ? AND (k.checked_at IS NULL OR k.checked_at < ?)", registry.Active, registry.WeChatOA, o.now().Add(-20*time.Hour)).
		OrderExpr("a.id").Scan(ctx, &due)
	if err != nil {
		return err
	}
	for _, a := range due {
		if err := o.checkAccount(ctx, a.ID, a.Name, a.HostOrg); err != nil {
			return err
		}
	}
	return nil
}

// checkAccount reads one account's published list and records it.
func (o *Oversight) checkAccount(ctx context.Context, id int64, name, host string) error {
	latestAt, code, err := o.lastPublished(ctx, id)
	if err != nil {
		return nil // WeChat busy or unreachable: tomorrow's check reads it
	}
	now := o.now()
	if code == 0 {
		_, err := o.db.ExecContext(ctx, `INSERT INTO account_wechat_checks (account_id, checked_at, last_published_at) VALUES (?, ?, ?)
			ON CONFLICT (account_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, failing_since = NULL, error_code = NULL,
				last_published_at = coalesce(EXCLUDED.last_published_at, account_wechat_checks.last_published_at)`, id, now, nullTime(latestAt))
		return err
	}
	var since time.Time
	err = o.db.NewRaw(`INSERT INTO account_wechat_checks (account_id, checked_at, failing_since, error_code) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id) DO UPDATE SET checked_at = EXCLUDED.checked_at, error_code = EXCLUDED.error_code,
			failing_since = coalesce(account_wechat_checks.failing_since, EXCLUDED.failing_since)
		RETURNING failing_since`, id, now, now, code).Scan(ctx, &since)
	if err != nil || now.Sub(since) < CredentialsFailDays*24*time.Hour {
		return err
	}
	ev := Event{Kind: "credentials_failing", Org: host, AccountID: id, Account: name, Since: since, Code: code}
	return o.notify(ctx, "wechat:"+itoa(id)+":failing", since, ev)
}

// lastPublished is the update time of the account's latest published
// article (zero when it has none), or the errcode of credentials that no
// longer work; other failures are errors.
func (o *Oversight) lastPublished(ctx context.Context, id int64) (time.Time, int64, error) {
	client, err := o.wx.For(ctx, id)
	if err != nil {
		return time.Time{}, 0, err
	}
	list, err := client.Published(ctx, 0)
	if code := wechat.ErrCode(err); credentialCodes[code] {
		return time.Time{}, code, nil
	} else if code == 48001 { // no right to the list (an unverified account): its deliveries count
		return time.Time{}, 0, nil
	}
	if err != nil {
		return time.Time{}, 0, err
	}
	var latest time.Time
	for _, it := range list.Item {
		if t := time.Unix(it.UpdateTime, 0).UTC(); t.After(latest) {
			latest = t
		}
	}
	return latest, 0, nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// lastPublishedAll is, per account, its latest article in WeChat's list
// as last read, when before a time.
func (o *Oversight) lastPublishedAll(ctx context.Context, before time.Time) (map[int64]time.Time, error) {
	var rows []struct {
		AccountID int64     `bun:"account_id"`
		At        time.Time `bun:"last_published_at"`
	}
	err := o.db.NewSelect().Table("account_wechat_checks").Column("account_id", "last_published_at").
		Where("last_published_at < ?", before).Scan(ctx, &rows)
	out := map[int64]time.Time{}
	for _, r := range rows {
		out[r.AccountID] = r.At
	}
	return out, err
}
