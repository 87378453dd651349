package citizens

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"govmedia"
	"govmedia/catalog"
	"govmedia/publish"
	"govmedia/registry"
)

// hit is one answer found for a follower: a title and its public page.
type hit struct {
	Title string
	URL   string
}

// maxHits is how many answers a reply lists.
const maxHits = 5

// fillers are the words of a question that are not what it is about.
var fillers = []string{"请问", "你好", "您好", "谢谢", "怎么办", "怎么", "如何", "什么", "哪里", "哪儿", "可以", "能否", "能不能", "需要",
	"我想", "我要", "想要", "一下", "了解", "知道", "有关", "关于", "的", "了", "吗", "呢", "吧", "啊", "呀"}

// terms are what a follower's message is searched for: its pieces between
// punctuation, without the words of asking; a long piece is also searched
// by its first four characters, so that 低保申请条件是什么 finds 低保.
func terms(text string) []string {
	for _, f := range fillers {
		text = strings.ReplaceAll(text, f, " ")
	}
	pieces := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] && len(out) < 6 {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, p := range pieces {
		r := []rune(p)
		if len(r) > 12 {
			r = r[:12]
		}
		add(string(r))
		if len(r) > 4 {
			add(string(r[:4]))
			add(string(r[:2]))
		}
	}
	return out
}

// search finds what a follower asked about in the account's government's
// current catalogs and published policies.
func (c *Citizens) search(ctx context.Context, acct Account, text string) []hit {
	gov := c.governmentOf(ctx, acct.HostOrg)
	names, _ := c.reg.DomainNames(ctx)
	var out []hit
	seen := map[string]bool{}
	for _, t := range terms(text) {
		if len(out) >= maxHits {
			break
		}
		found, err := c.cat.Search(ctx, catalog.SearchQuery{Q: t, Org: gov, Limit: maxHits})
		if err == nil {
			for _, h := range found {
				out = appendHit(out, seen, hit{Title: h.Item.Name() + "（" + names[h.Domain] + "）", URL: c.catalogURL(h.OrgCode, h.Domain, t)})
			}
		}
		out = append(out, c.policies(ctx, t, seen)...)
		out = append(out, c.articles(ctx, acct, t, seen)...)
	}
	return out[:min(len(out), maxHits)]
}

func appendHit(list []hit, seen map[string]bool, h hit) []hit {
	if seen[h.Title] {
		return list
	}
	seen[h.Title] = true
	return append(list, h)
}

// policies finds published policies whose title or number holds t.
func (c *Citizens) policies(ctx context.Context, t string, seen map[string]bool) []hit {
	if c.pub == nil {
		return nil
	}
	list, err := c.pub.SearchPolicies(ctx, publish.PolicyQuery{Q: t, PerPage: 3})
	if err != nil {
		return nil
	}
	var out []hit
	for _, p := range list.Policies {
		out = appendHit(out, seen, hit{Title: p.Title, URL: c.page(fmt.Sprintf("/policies/%d", p.PublicationID))})
	}
	return out
}

// articles finds what the account itself published whose title holds t.
func (c *Citizens) articles(ctx context.Context, acct Account, t string, seen map[string]bool) []hit {
	if c.pub == nil {
		return nil
	}
	list, err := c.pub.DeliveredArticles(ctx, acct.ID, t, 3)
	if err != nil {
		return nil
	}
	var out []hit
	for _, a := range list {
		out = appendHit(out, seen, hit{Title: "《" + a.Title + "》", URL: a.URL})
	}
	return out
}

// governmentOf is the government whose catalogs an account's unit
// answers from: the unit's own, "" (all of them) for the city's units.
func (c *Citizens) governmentOf(ctx context.Context, org string) string {
	o, err := registry.OrgByCode(ctx, c.db, org)
	if err != nil {
		return ""
	}
	if o.Kind != registry.Government {
		if o, err = registry.OrgByCode(ctx, c.db, o.ParentCode); err != nil {
			return ""
		}
	}
	if o.Level == registry.City {
		return ""
	}
	return o.Code
}

func (c *Citizens) catalogURL(org, domain, q string) string {
	return c.page("/catalogs/" + url.PathEscape(org) + "/" + url.PathEscape(domain) + "?q=" + url.QueryEscape(q))
}

// page is a public page's address, "" without a public address.
func (c *Citizens) page(path string) string {
	if c.opts.PublicURL == "" {
		return ""
	}
	return strings.TrimRight(c.opts.PublicURL, "/") + path
}

// answerText lists the answers found, each with its page.
func (c *Citizens) answerText(hits []hit) string {
	lines := append([]string{govmedia.Print(govmedia.Chinese, "citizens.reply.found")}, hitLines(hits)...)
	lines = append(lines, govmedia.Print(govmedia.Chinese, "citizens.reply.found_more"))
	return strings.Join(lines, "\n")
}

// hitLines are the answers, numbered, each with its page below it.
func hitLines(hits []hit) []string {
	var lines []string
	for i, h := range hits {
		line := fmt.Sprintf("%d. %s", i+1, h.Title)
		if h.URL != "" {
			line += "\n" + h.URL
		}
		lines = append(lines, line)
	}
	return lines
}
