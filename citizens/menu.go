package citizens

import (
	"context"
	"slices"
	"time"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/postgres"
	"govmedia/registry"
	"govmedia/wechat"
)

// An account's custom menu offers the domains it covers, one CLICK button
// each; a click is answered with that domain's current catalog items.

// accountMenu is the menu last set on an account from here.
type accountMenu struct {
	bun.BaseModel `bun:"table:account_menus"`

	AccountID int64     `bun:"account_id,pk"`
	Domains   []string  `bun:"domains,array"`
	SetBy     string    `bun:"set_by"`
	SetAt     time.Time `bun:"set_at"`
}

// MenuDomain is a domain an account's menu may offer.
type MenuDomain struct {
	Code string
	Name string
}

// UseWeChat gives the service the accounts' WeChat clients, which set
// their menus and read WeChat's follower figures, and schedules the
// fetch of those figures on q (see FetchFollowerFigures). Call it before
// the queue starts.
func (c *Citizens) UseWeChat(q *postgres.Queue, clients *wechat.Clients) {
	c.wx = clients
	c.scheduleFigures(q)
}

// MenuDomains lists the domains an account's menu may offer, in the pilot
// domains' order: those the account covers whose catalog is current in
// its government. For an operator or admin of the account's host unit.
// Errors: ENOTFOUND (not an account m's unit hosts), EFORBIDDEN.
func (c *Citizens) MenuDomains(ctx context.Context, m *registry.Member, accountID int64) ([]MenuDomain, error) {
	a, err := c.menuAccount(ctx, c.db, m, accountID)
	if err != nil {
		return nil, err
	}
	return c.menuDomains(ctx, a)
}

func (c *Citizens) menuDomains(ctx context.Context, a *registry.Account) ([]MenuDomain, error) {
	versions, err := c.cat.CurrentVersions(ctx, c.catalogGovernment(ctx, a.HostOrg))
	if err != nil {
		return nil, err
	}
	names, err := c.reg.DomainNames(ctx)
	if err != nil {
		return nil, err
	}
	var out []MenuDomain
	for _, v := range versions {
		if slices.Contains(a.Domains, v.Domain) {
			out = append(out, MenuDomain{Code: v.Domain, Name: names[v.Domain]})
		}
	}
	return out, nil
}

// Menu returns the domains of the account's menu as last set here, in
// their order (none: no menu set). Errors as MenuDomains.
func (c *Citizens) Menu(ctx context.Context, m *registry.Member, accountID int64) ([]string, error) {
	if _, err := c.menuAccount(ctx, c.db, m, accountID); err != nil {
		return nil, err
	}
	am := new(accountMenu)
	err := c.db.NewSelect().Model(am).Where("account_id = ?", accountID).Scan(ctx)
	if isNoRows(err) {
		return nil, nil
	}
	return am.Domains, err
}

// SetMenu sets an account's WeChat menu to a button for each of domains,
// in their order (see menuButtons), through WeChat's menu API; no domains
// removes the menu. Each domain must be one MenuDomains offers. For an
// operator or admin of the account's host unit. Errors: ENOTFOUND,
// EFORBIDDEN, EINVALID (a domain not offered, more than 15, or WeChat's
// refusal of the menu, in the user's words), EFORBIDDEN also when WeChat
// gives the account no right to menus (unverified), ENOTFOUND when its
// credentials are not stored.
func (c *Citizens) SetMenu(ctx context.Context, m *registry.Member, accountID int64, domains []string) error {
	a, err := c.menuAccount(ctx, c.db, m, accountID)
	if err != nil {
		return err
	}
	buttons, err := c.menuFor(ctx, a, domains)
	if err != nil {
		return err
	}
	if c.wx == nil {
		return govmedia.Errorf(govmedia.EINTERNAL, "menu.no_wechat")
	}
	client, err := c.wx.For(ctx, accountID)
	if err != nil {
		return err
	}
	if len(buttons) == 0 {
		err = client.DeleteMenu(ctx)
	} else {
		err = client.SetMenu(ctx, buttons)
	}
	if err != nil {
		return err
	}
	return c.recordMenu(ctx, m, accountID, domains)
}

// menuFor checks the domains chosen and builds their buttons.
func (c *Citizens) menuFor(ctx context.Context, a *registry.Account, domains []string) ([]wechat.MenuButton, error) {
	if len(domains) > maxMenuDomains {
		return nil, govmedia.Errorf(govmedia.EINVALID, "menu.too_many_domains", "max", maxMenuDomains)
	}
	offered, err := c.menuDomains(ctx, a)
	if err != nil {
		return nil, err
	}
	var chosen []MenuDomain
	for i, d := range domains {
		at := slices.IndexFunc(offered, func(o MenuDomain) bool { return o.Code == d })
		if at < 0 || slices.Contains(domains[:i], d) {
			return nil, govmedia.Errorf(govmedia.EINVALID, "menu.domain_not_offered", "name", a.Name)
		}
		chosen = append(chosen, offered[at])
	}
	return menuButtons(chosen), nil
}

// recordMenu keeps what was set, or forgets it when the menu was removed.
func (c *Citizens) recordMenu(ctx context.Context, m *registry.Member, accountID int64, domains []string) error {
	return c.inTx(ctx, func(tx bun.Tx, now time.Time) error {
		if len(domains) == 0 {
			_, err := tx.NewDelete().Model((*accountMenu)(nil)).Where("account_id = ?", accountID).Exec(ctx)
			return err
		}
		_, err := tx.NewInsert().Model(&accountMenu{AccountID: accountID, Domains: domains, SetBy: m.Actor().String(), SetAt: now}).
			On("CONFLICT (account_id) DO UPDATE").Set("domains = EXCLUDED.domains, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at").Exec(ctx)
		return err
	})
}

// menuAccount is an account whose menu m may set: one its unit hosts, as
// an operator or admin.
func (c *Citizens) menuAccount(ctx context.Context, db bun.IDB, m *registry.Member, accountID int64) (*registry.Account, error) {
	a, err := registry.AccountByID(ctx, db, accountID)
	if err != nil {
		return nil, err
	}
	if a.HostOrg != m.OrgCode {
		return nil, govmedia.Errorf(govmedia.ENOTFOUND, "account.not_found", "id", accountID)
	}
	if m.Role != registry.Operator && m.Role != registry.Admin {
		return nil, govmedia.Errorf(govmedia.EFORBIDDEN, "menu.operators_only", "name", a.Name)
	}
	return a, nil
}

// catalogGovernment is the government whose catalogs an account's unit
// publishes from: the unit itself if it is a government, else the one it
// belongs to.
func (c *Citizens) catalogGovernment(ctx context.Context, org string) string {
	o, err := registry.OrgByCode(ctx, c.db, org)
	if err != nil || o.Kind == registry.Government {
		return org
	}
	return o.ParentCode
}
