package citizens

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/registry"
)

// welcome is an account's own welcome, as its unit wrote it.
type welcome struct {
	bun.BaseModel `bun:"table:account_welcomes"`

	AccountID int64     `bun:"account_id,pk"`
	Text      string    `bun:"text"`
	UpdatedBy string    `bun:"updated_by"`
	UpdatedAt time.Time `bun:"updated_at"`
}

// maxWelcome bounds a welcome (WeChat's text replies take 2,048 bytes).
const maxWelcome = 600

// Welcome is what a new follower is told: the unit's own text, or the
// default naming the unit, the domains the account covers and how to ask.
func (c *Citizens) Welcome(ctx context.Context, acct Account) (string, error) {
	w := new(welcome)
	err := c.db.NewSelect().Model(w).Where("account_id = ?", acct.ID).Scan(ctx)
	if err == nil {
		return w.Text, nil
	}
	if !isNoRows(err) {
		return "", err
	}
	return c.defaultWelcome(ctx, acct), nil
}

func (c *Citizens) defaultWelcome(ctx context.Context, acct Account) string {
	a, err := registry.AccountByID(ctx, c.db, acct.ID)
	domains := ""
	if err == nil {
		names, _ := c.reg.DomainNames(ctx)
		var list []string
		for _, d := range a.Domains {
			list = append(list, names[d])
		}
		domains = strings.Join(list, "、")
	}
	key := "citizens.welcome"
	if domains == "" {
		key = "citizens.welcome_no_domains"
	}
	return govmedia.Print(govmedia.Chinese, key, "account", acct.Name, "unit", c.unitName(ctx, acct.HostOrg), "domains", domains)
}

// usage answers an empty message: how to ask.
func (c *Citizens) usage(ctx context.Context, acct Account) (string, error) {
	return govmedia.Print(govmedia.Chinese, "citizens.reply.usage", "unit", c.unitName(ctx, acct.HostOrg)), nil
}

// SetWelcome sets an account's welcome ("" puts the default back), for an
// operator or admin of its host unit. Errors: EFORBIDDEN, ENOTFOUND,
// EINVALID (too long).
func (c *Citizens) SetWelcome(ctx context.Context, m *registry.Member, accountID int64, text string) error {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > maxWelcome {
		return govmedia.Errorf(govmedia.EINVALID, "citizens.welcome_too_long", "max", maxWelcome)
	}
	return c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		a, err := registry.AccountByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if a.HostOrg != m.OrgCode || CheckWelcome(m) != nil {
			return govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
		}
		if text == "" {
			_, err = tx.NewDelete().Model((*welcome)(nil)).Where("account_id = ?", accountID).Exec(ctx)
			return err
		}
		_, err = tx.NewInsert().Model(&welcome{AccountID: accountID, Text: text, UpdatedBy: m.Actor().String(), UpdatedAt: now}).
			On("CONFLICT (account_id) DO UPDATE").Set("text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at").Exec(ctx)
		return err
	})
}
