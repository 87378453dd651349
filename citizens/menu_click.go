package citizens

import (
	"context"
	"strings"

	"govmedia"
	"govmedia/catalog"
)

// maxReplyBytes is what WeChat takes of a text reply.
const maxReplyBytes = 2048

// maxClickItems is how many of a domain's items a click lists.
const maxClickItems = 8

// Click answers a follower's press of a menu button: for a domain's
// button, that domain's current catalog items in the account's
// government, as titles with links to their public pages (as many as
// WeChat's 2,048 bytes of text hold) and a link to the whole catalog; for
// a domain without a current catalog, or a button not made here, where
// to look instead.
func (c *Citizens) Click(ctx context.Context, acct Account, key string) (string, error) {
	domain, ok := strings.CutPrefix(key, clickPrefix)
	if !ok || domain == "" {
		return c.usage(ctx, acct)
	}
	gov := c.catalogGovernment(ctx, acct.HostOrg)
	names, err := c.reg.DomainNames(ctx)
	if err != nil {
		return "", err
	}
	name, known := names[domain]
	if !known {
		return c.usage(ctx, acct)
	}
	v, err := c.cat.Current(ctx, gov, domain)
	if govmedia.ErrorCode(err) == govmedia.ENOTFOUND {
		return govmedia.Print(govmedia.Chinese, "menu.click.none", "domain", name, "unit", c.unitName(ctx, acct.HostOrg)), nil
	}
	if err != nil {
		return "", err
	}
	return c.clickText(gov, domain, name, v), nil
}

// clickText lists a version's first items and links its whole catalog,
// dropping items until the text fits in a reply.
func (c *Citizens) clickText(gov, domain, name string, v *catalog.Version) string {
	var hits []hit
	for _, it := range v.Items[:min(len(v.Items), maxClickItems)] {
		hits = append(hits, hit{Title: it.Name(), URL: c.catalogURL(gov, domain, itemQuery(it))})
	}
	all := c.page("/catalogs/" + gov + "/" + domain)
	for n := len(hits); ; n-- {
		lines := append([]string{govmedia.Print(govmedia.Chinese, "menu.click.head", "domain", name, "count", len(v.Items))}, hitLines(hits[:n])...)
		if all != "" {
			lines = append(lines, govmedia.Print(govmedia.Chinese, "menu.click.all", "url", all))
		}
		text := strings.Join(lines, "\n")
		if len(text) <= maxReplyBytes || n == 0 {
			return text
		}
	}
}

// itemQuery is what an item's link searches its catalog page for: its
// most particular name.
func itemQuery(it catalog.Item) string {
	if it.Level2 != "" {
		return it.Level2
	}
	return it.Level1
}
